"""`prism keys list|rotate` and `prism audit list` against a running suite."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.support.directory import create_org


def prism(suite, *args: str, config=None) -> subprocess.CompletedProcess:
    env = {**suite.env, "PRISM_SERVER": suite.base_url}
    if config is not None:
        env["PRISM_CONFIG_DIR"] = str(config)
    return subprocess.run([sys.executable, "-m", "prism", *args], env=env, capture_output=True, text=True, timeout=60)


def logged_in(suite, admin, tmp_path):
    login = prism(
        suite,
        "auth",
        "login",
        "--org",
        admin.slug,
        "--username",
        admin.username,
        "--password",
        admin.password,
        config=tmp_path,
    )
    assert login.returncode == 0, login.stderr
    return lambda *args: prism(suite, *args, config=tmp_path)


def test_keys_list_and_rotate(suite, tmp_path):
    admin = create_org(suite, "Cli")
    slug = admin.slug
    run = logged_in(suite, admin, tmp_path)
    listed = run("--output", "json", "keys", "list", "--org", slug)
    assert listed.returncode == 0, listed.stderr
    (key,) = json.loads(listed.stdout)["keys"]
    assert key["state"] == "active" and key["algorithm"] == "RS256" and key["jwk"]["kid"] == key["kid"]

    rotated = run("keys", "rotate", "--org", slug)
    assert rotated.returncode == 0, rotated.stderr
    assert rotated.stdout.startswith("new RS256 key ") and " signs from " in rotated.stdout

    forced = run("--output", "json", "keys", "rotate", "--org", slug, "--force", "--algorithm", "EdDSA")
    assert forced.returncode == 0, forced.stderr
    new = json.loads(forced.stdout)
    assert new["state"] == "active" and new["algorithm"] == "EdDSA"

    # --force withdrew the key that signed our own login token: it no longer works
    refused = run("keys", "list", "--org", slug)
    assert refused.returncode == 1
    assert refused.stderr.strip() == "error: the access token's signing key is unknown or withdrawn"
    run = logged_in(suite, admin, tmp_path)
    table = run("keys", "list", "--org", slug)
    assert table.returncode == 0, table.stderr
    lines = table.stdout.strip().splitlines()
    assert lines[0].split() == ["KID", "ALGORITHM", "STATE", "SIGNS_FROM", "RETIRES", "REMOVED"]
    assert len(lines) == 2 and new["kid"] in lines[1] and "EdDSA" in lines[1]


def test_audit_list_shows_key_events(suite, tmp_path):
    admin = create_org(suite, "Audit")
    slug = admin.slug
    run = logged_in(suite, admin, tmp_path)
    assert run("keys", "rotate", "--org", slug).returncode == 0
    listed = run("--output", "json", "audit", "list", "--org", slug)
    assert listed.returncode == 0, listed.stderr
    actions = [e["action"] for e in json.loads(listed.stdout)["audit_events"]]
    assert "directory.organization.created" in actions and "keys.key.rotated" in actions
    paged = run("--output", "json", "audit", "list", "--org", slug, "--page-size", "1")
    body = json.loads(paged.stdout)
    assert len(body["audit_events"]) == 1 and body["next_page_token"]
    rest = run(
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


def test_errors_are_one_line_and_non_zero(suite, tmp_path):
    anonymous = prism(suite, "keys", "list", config=tmp_path)
    assert anonymous.returncode == 1
    assert anonymous.stderr.strip() == (
        "error: not logged in: run `prism auth login` (or `prism auth sa-login-with-apikey`)"
    )
    run = logged_in(suite, create_org(suite, "Errors"), tmp_path)
    elsewhere = run("keys", "list", "--org", "no-such-org-xyz")
    assert elsewhere.returncode == 1
    assert elsewhere.stderr.strip() == "error: you cannot act in another organization"
    unreachable = subprocess.run(
        [
            sys.executable,
            "-m",
            "prism",
            "--server",
            "http://127.0.0.1:9",
            "organizations",
            "create",
            "--name",
            "X",
            "--admin-username",
            "a",
            "--admin-password",
            "password1",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert unreachable.returncode == 1
    assert unreachable.stderr.strip() == "error: cannot reach Prism at http://127.0.0.1:9; is `prism serve` running?"
