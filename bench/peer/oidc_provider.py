"""The certified peer of the benchmarks: panva's `oidc-provider` (npm) on 127.0.0.1, started and stopped from Python.

    with start_oidc_provider(algorithm="RS256") as peer:
        httpx.post(peer.token_endpoint, data={"grant_type": "client_credentials"},
                   auth=(peer.client_id, peer.client_secret))

`bench/peer/oidc_provider_server.mjs` does the configuring (one confidential client with
client_secret_basic; client_credentials gives RFC 9068 JWT access tokens for `urn:bench:api` signed with
`algorithm`; introspection, revocation, discovery, JWKS). oidc-provider never introspects a JWT (400
`unsupported_token_type`): ask for an opaque token with `resource=OPAQUE_RESOURCE` to introspect one.
Node and `node_modules/oidc-provider` come from `scripts/bootstrap.sh --dev` (package.json).
"""

from __future__ import annotations

import contextlib
import json
import os
import queue
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[2]
SCRIPT = Path(__file__).with_name("oidc_provider_server.mjs")
PACKAGE = REPO / "node_modules" / "oidc-provider"
ALGORITHMS = ("RS256", "ES256", "EdDSA")
API_RESOURCE = "urn:bench:api"  # the default resource: JWT access tokens
OPAQUE_RESOURCE = "urn:bench:opaque"  # `resource=` this for an opaque (introspectable) access token
READY_TIMEOUT_SECONDS = 20.0
STOP_TIMEOUT_SECONDS = 5.0


class PeerError(RuntimeError):
    """The peer cannot be started (node or oidc-provider missing, or it did not come up)."""


@dataclass(frozen=True)
class PeerServer:
    base_url: str
    issuer: str
    token_endpoint: str
    introspection_endpoint: str
    revocation_endpoint: str
    discovery_url: str
    jwks_uri: str
    client_id: str
    client_secret: str
    algorithm: str
    pid: int
    process: subprocess.Popen
    discovery: dict


def oidc_provider_version() -> str | None:
    """The installed oidc-provider version (None when it is not installed)."""
    try:
        return json.loads((PACKAGE / "package.json").read_text())["version"]
    except (OSError, ValueError, KeyError):
        return None


def _node() -> str:
    node = shutil.which("node")
    if node is None:
        raise PeerError("node is not installed (the benchmark peer needs it): run `bash scripts/bootstrap.sh --dev`")
    if oidc_provider_version() is None:
        raise PeerError(
            f"oidc-provider is not installed in {PACKAGE.parent}: run `npm install --no-audit --no-fund "
            "--no-package-lock` in the repository (or `bash scripts/bootstrap.sh --dev`)"
        )
    return node


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=STOP_TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextlib.contextmanager
def start_oidc_provider(
    port: int | None = None,
    algorithm: str = "RS256",
    *,
    client_id: str = "bench-client",
    client_secret: str | None = None,
    ready_timeout: float = READY_TIMEOUT_SECONDS,
) -> Iterator[PeerServer]:
    """Runs oidc-provider on 127.0.0.1 (`port`, or a free one the kernel picks) until the block ends.

    JWT access tokens are signed with `algorithm` (RS256, ES256 or EdDSA). The client secret is random
    unless given. Raises PeerError, with node's stderr, when the server is not ready within `ready_timeout`.
    """
    if algorithm not in ALGORITHMS:
        raise ValueError(f"algorithm must be one of {', '.join(ALGORITHMS)}, not {algorithm!r}")
    node = _node()
    client_secret = client_secret or secrets.token_urlsafe(32)
    env = {name: value for name, value in os.environ.items() if name != "DEBUG"}  # `debug` would log per request
    env["NODE_ENV"] = "production"
    env["PEER_CLIENT_SECRET"] = client_secret  # not on the command line, where `ps` shows it
    command = [node, str(SCRIPT), "--port", str(port or 0), "--alg", algorithm, "--client-id", client_id]
    with tempfile.TemporaryFile() as stderr:
        process = subprocess.Popen(
            command, cwd=REPO, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=stderr
        )
        try:
            issuer = _wait_ready(process, stderr, ready_timeout)
            discovery_url = f"{issuer}/.well-known/openid-configuration"
            answer = httpx.get(discovery_url, timeout=10)
            answer.raise_for_status()
            discovery = answer.json()
            if discovery.get("issuer") != issuer:
                raise PeerError(f"the discovery document names issuer {discovery.get('issuer')!r}, not {issuer!r}")
            yield PeerServer(
                base_url=issuer,
                issuer=issuer,
                token_endpoint=discovery["token_endpoint"],
                introspection_endpoint=discovery["introspection_endpoint"],
                revocation_endpoint=discovery["revocation_endpoint"],
                discovery_url=discovery_url,
                jwks_uri=discovery["jwks_uri"],
                client_id=client_id,
                client_secret=client_secret,
                algorithm=algorithm,
                pid=process.pid,
                process=process,
                discovery=discovery,
            )
        finally:
            _stop(process)


def _stderr_text(stderr) -> str:
    stderr.flush()
    stderr.seek(0)
    return stderr.read().decode("utf-8", "replace")[-4000:].strip() or "(nothing)"


def _wait_ready(process: subprocess.Popen, stderr, timeout: float) -> str:
    """The issuer from the `READY <url>` line; the rest of stdout is drained in the background."""
    lines: queue.Queue[str | None] = queue.Queue()

    def read() -> None:
        with process.stdout:  # keeps draining after READY so node never blocks on a full pipe
            for raw in process.stdout:
                lines.put(raw.decode("utf-8", "replace").rstrip("\n"))
        lines.put(None)

    threading.Thread(target=read, name=f"oidc-provider-stdout-{process.pid}", daemon=True).start()
    deadline = time.monotonic() + timeout
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise PeerError(f"oidc-provider was not ready within {timeout:g} s; node's stderr:\n{_stderr_text(stderr)}")
        try:
            line = lines.get(timeout=remaining)
        except queue.Empty:
            continue
        if line is None:
            code = process.wait()
            raise PeerError(
                f"oidc-provider exited with status {code} before it was ready; node's stderr:\n{_stderr_text(stderr)}"
            )
        if line.startswith("READY "):
            return line.removeprefix("READY ").strip()


def main() -> int:
    """`python -m bench.peer.oidc_provider [RS256|ES256|EdDSA]`: the peer in the foreground until Ctrl-C."""
    algorithm = sys.argv[1] if len(sys.argv) > 1 else "RS256"
    with start_oidc_provider(algorithm=algorithm) as peer:
        print(f"oidc-provider {oidc_provider_version()} at {peer.issuer} (pid {peer.pid}), {algorithm} access tokens")
        print(f"client_id {peer.client_id}  client_secret {peer.client_secret}  token endpoint {peer.token_endpoint}")
        with contextlib.suppress(KeyboardInterrupt):
            peer.process.wait()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
