"""Runs the `prism` CLI as a user would: its own process, its own config directory, against a suite."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def prism_cli(suite, config: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """`prism ARGS...` with PRISM_SERVER at the suite's gateway and profiles kept in `config`."""
    environment = {**suite.env, "PRISM_SERVER": suite.base_url, "PRISM_CONFIG_DIR": str(config), **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "prism", *args], env=environment, capture_output=True, text=True, timeout=60
    )
