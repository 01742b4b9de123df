"""Starts the real suite (`prism serve`) as separate OS processes on free loopback ports."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from prism.runtime.components import SERVICES


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def free_ports(count: int, taken: tuple[int, ...] = ()) -> list[int]:
    """`count` distinct free ports, none in `taken`: every socket stays bound until all are chosen,
    so two components of one suite never get the same port (free_port() twice can)."""
    sockets: list[socket.socket] = []
    try:
        while len(sockets) < count:
            sock = socket.socket()
            sock.bind(("127.0.0.1", 0))
            if sock.getsockname()[1] in taken:
                sock.close()
                continue
            sockets.append(sock)
        return [sock.getsockname()[1] for sock in sockets]
    finally:
        for sock in sockets:
            sock.close()


@dataclass
class Suite:
    base_url: str
    data_dir: Path
    addresses: dict[str, str]
    env: dict[str, str]
    process: subprocess.Popen
    stdout_path: Path
    stderr_path: Path
    _files: list = field(default_factory=list)

    def pid_of(self, component: str) -> int:
        return int((self.data_dir / "run" / f"{component}.pid").read_text())

    def ready(self) -> bool:
        try:
            return httpx.get(f"{self.base_url}/readyz", timeout=2).status_code == 200
        except httpx.HTTPError:
            return False

    def wait_until(self, predicate, timeout: float = 60.0, what: str = "condition") -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"prism serve exited with {self.process.returncode}:\n{self.logs()[-4000:]}")
            if predicate():
                return
            time.sleep(0.1)
        raise AssertionError(f"timed out waiting for {what}:\n{self.logs()[-4000:]}")

    def logs(self) -> str:
        return self.stderr_path.read_text(errors="replace")

    def log_records(self) -> list[dict]:
        records = []
        for line in self.logs().splitlines():
            if line.startswith("{"):
                try:
                    records.append(json.loads(line))
                except ValueError:
                    pass
        return records

    def spans(self) -> list[dict]:
        """Spans the console exporter printed (pretty JSON objects, one after another)."""
        text = self.stdout_path.read_text(errors="replace")
        decoder = json.JSONDecoder()
        spans, index = [], 0
        while True:
            start = text.find("{", index)
            if start < 0:
                return spans
            try:
                obj, index = decoder.raw_decode(text, start)
            except ValueError:
                index = start + 1
                continue
            if isinstance(obj, dict) and "context" in obj:
                spans.append(obj)

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        for handle in self._files:
            handle.close()
        return self.process.returncode


def start_suite(
    directory: Path,
    *,
    database_url: str | None = None,
    extra_env: dict[str, str] | None = None,
    wait: bool = True,
    port: int | None = None,
) -> Suite:
    """The suite as `prism serve` runs it; `port` fixes its HTTP port (and so PRISM_PUBLIC_URL) in advance."""
    directory.mkdir(parents=True, exist_ok=True)
    port = port or free_port()
    ports = free_ports(len(SERVICES), taken=(port,))
    addresses = {c.name: f"127.0.0.1:{ports[i]}" for i, c in enumerate(SERVICES)}
    settings_names = ("PRISM_", "OTEL_", "MFA_FORCE_LOCAL", "DISABLE_LOCAL_SIGN", "AUTH_PROVIDERS_CONFIG")
    env = {k: v for k, v in os.environ.items() if not k.startswith(settings_names)}
    env.update(
        {
            "PRISM_DATA_DIR": str(directory / "data"),
            "PRISM_LOG_FORMAT": "json",
            "PRISM_LOG_LEVEL": "info",
            "OTEL_TRACES_EXPORTER": "console",
            "OTEL_BSP_SCHEDULE_DELAY": "100",
            "PYTHONUNBUFFERED": "1",
            # short enough for a test to step past it (tests/oauth/test_code_flow.py)
            "PRISM_REFRESH_TOKEN_REUSE_GRACE_SECONDS": "2",
            # most tests sign in by password to reach what they test; the forced TOTP of local
            # accounts (on by default in the product) has its own suites in tests/accounts/
            "MFA_FORCE_LOCAL": "false",
            # every wrong password of every test comes from 127.0.0.1; the per-address lock-out has
            # its own test (tests/directory/test_brute_force.py)
            "PRISM_SIGNIN_MAX_FAILURES_PER_ADDRESS": "100000",
            # several suites of several test workers share one PostgreSQL server (100 connections by
            # default): each process keeps one connection, and opens more only for a burst
            "PRISM_DATABASE_POOL_SIZE": "1",
        }
    )
    env.update({f"PRISM_{name.upper()}_ADDRESS": address for name, address in addresses.items()})
    env["PRISM_PUBLIC_URL"] = f"http://127.0.0.1:{port}"
    if database_url:
        env["PRISM_DATABASE_URL"] = database_url
    env.update(extra_env or {})
    stdout = open(directory / "stdout.log", "wb")  # noqa: SIM115 - closed by Suite.stop
    stderr = open(directory / "stderr.log", "wb")  # noqa: SIM115
    process = subprocess.Popen(
        [sys.executable, "-m", "prism", "serve", "--port", str(port)], env=env, stdout=stdout, stderr=stderr
    )
    suite = Suite(
        f"http://127.0.0.1:{port}",
        directory / "data",
        addresses,
        env,
        process,
        directory / "stdout.log",
        directory / "stderr.log",
        [stdout, stderr],
    )
    if wait:
        try:
            suite.wait_until(suite.ready, what="/readyz")
        except BaseException:
            suite.stop()
            raise
    return suite
