"""`prism keys list|rotate` and `prism audit list` against a running suite."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.support.keys import create_organization


def prism(suite, *args: str) -> subprocess.CompletedProcess:
    env = {**suite.env, "PRISM_SERVER": suite.base_url}
    return subprocess.run([sys.executable, "-m", "prism", *args], env=env, capture_output=True, text=True, timeout=60)


def test_keys_list_and_rotate(suite):
    slug = create_organization(suite, "Cli")
    listed = prism(suite, "--output", "json", "keys", "list", "--org", slug)
    assert listed.returncode == 0, listed.stderr
    (key,) = json.loads(listed.stdout)["keys"]
    assert key["state"] == "active" and key["algorithm"] == "RS256" and key["jwk"]["kid"] == key["kid"]

    rotated = prism(suite, "keys", "rotate", "--org", slug)
    assert rotated.returncode == 0, rotated.stderr
    assert rotated.stdout.startswith("new RS256 key ") and " signs from " in rotated.stdout

    forced = prism(suite, "--output", "json", "keys", "rotate", "--org", slug, "--force", "--algorithm", "EdDSA")
    assert forced.returncode == 0, forced.stderr
    new = json.loads(forced.stdout)
    assert new["state"] == "active" and new["algorithm"] == "EdDSA"

    table = prism(suite, "keys", "list", "--org", slug)
    assert table.returncode == 0
    lines = table.stdout.strip().splitlines()
    assert lines[0].split() == ["KID", "ALGORITHM", "STATE", "SIGNS_FROM", "RETIRES", "REMOVED"]
    assert len(lines) == 2 and new["kid"] in lines[1] and "EdDSA" in lines[1]


def test_audit_list_shows_key_events(suite):
    slug = create_organization(suite, "Audit")
    prism(suite, "keys", "rotate", "--org", slug, "--force")
    listed = prism(suite, "--output", "json", "audit", "list", "--org", slug)
    assert listed.returncode == 0, listed.stderr
    actions = [e["action"] for e in json.loads(listed.stdout)["audit_events"]]
    assert "directory.organization.created" in actions and "keys.key.rotated" in actions
    paged = prism(suite, "--output", "json", "audit", "list", "--org", slug, "--page-size", "1")
    body = json.loads(paged.stdout)
    assert len(body["audit_events"]) == 1 and body["next_page_token"]
    rest = prism(
        suite,
        "--output",
        "json",
        "audit",
        "list",
        "--org",
        slug,
        "--page-token",
        body["next_page_token"],
        "--page-size",
        "500",
    )
    remaining = json.loads(rest.stdout)["audit_events"]
    assert [e["id"] for e in remaining] == [e["id"] for e in json.loads(listed.stdout)["audit_events"]][1:]


def test_errors_are_one_line_and_non_zero(suite):
    missing = prism(suite, "keys", "list", "--org", "no-such-org-xyz")
    assert missing.returncode == 1
    assert missing.stderr.strip() == "error: organization 'no-such-org-xyz' does not exist (field: parent)"
    unreachable = subprocess.run(
        [sys.executable, "-m", "prism", "--server", "http://127.0.0.1:9", "keys", "list", "--org", "x"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert unreachable.returncode == 1
    assert unreachable.stderr.strip() == "error: cannot reach Prism at http://127.0.0.1:9; is `prism serve` running?"
