"""The client_credentials benchmark runs end to end: a short, low-concurrency run with no failed request.

Only that it works is checked here; its numbers belong in bench/RESULTS.md, never in assertions.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "bench" / "client_credentials.py"


def test_client_credentials_benchmark_smoke():
    run = subprocess.run(
        [
            sys.executable,
            str(SCRIPT),
            *("--duration", "2", "--warmup", "0.5", "--concurrency", "2", "--verify", "20", "--output", "json"),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert run.returncode == 0, run.stderr[-4000:]
    result = json.loads(run.stdout)
    assert result["requests"] > 0 and result["errors"] == 0, result
    assert result["verified_tokens"] > 0 and not result["verification_failures"], result
