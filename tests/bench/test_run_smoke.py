"""bench/run.py (issue 7's one command) runs every case end to end: `--smoke`, on SQLite, with no error.

Only that it works is checked: every case measured requests on Prism (and on the peer where it has the
case), none failed, the sampled tokens verified, and the whole run took under 3 minutes. Its numbers
belong in bench/RESULTS.md, never in assertions. The peer (node and npm's oidc-provider, from
`scripts/bootstrap.sh --dev`) is required: without it this test fails, it does not skip.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "bench" / "run.py"
CASES = {
    "cc-rs256",
    "cc-es256",
    "cc-eddsa",
    "introspect-http",
    "introspect-grpc",
    "discovery",
    "jwks",
    "authorization-code",
    "refresh",
    "assume",
}
WITH_PEER = {"cc-rs256", "cc-es256", "cc-eddsa", "introspect-http", "introspect-grpc", "discovery", "jwks"}


def test_run_smoke(tmp_path):
    markdown = tmp_path / "report.md"
    run = subprocess.run(
        [sys.executable, str(SCRIPT), "--smoke", "--database", "sqlite", "--output", "json", "--markdown", markdown],
        capture_output=True,
        text=True,
        timeout=180,  # the smoke run must finish in under 3 minutes
    )
    assert run.returncode == 0, run.stderr[-6000:]
    document = json.loads(run.stdout)
    assert document["errors"] == 0
    cases = document["databases"]["sqlite"]["cases"]
    assert set(cases) == CASES
    for key, result in cases.items():
        sides = [("Prism", result["prism"])] + ([("peer", result["peer"])] if key in WITH_PEER else [])
        assert (result["peer"] is not None) == (key in WITH_PEER), key
        for side, measured in sides:
            assert measured["requests"] > 0 and measured["errors"] == 0, (key, side, measured)
    for key in ("cc-rs256", "cc-es256", "cc-eddsa"):
        assert cases[key]["prism"]["verified_tokens"] > 0 and cases[key]["peer"]["verified_tokens"] > 0, key
    assert {row["algorithm"] for row in document["signing"]} == {"RS256", "ES256", "EdDSA"}
    assert "client_credentials RS256" in markdown.read_text()
