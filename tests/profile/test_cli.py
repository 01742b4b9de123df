"""`prism domains add|list|verify|remove` and `prism gpg-keys add|list|remove` against the suite."""

from __future__ import annotations

import json
import warnings

from pgpy import PGPUID, PGPKey
from pgpy.constants import EllipticCurveOID, HashAlgorithm, KeyFlags, PubKeyAlgorithm

from tests.cli.test_keys_and_audit_commands import logged_in
from tests.support.directory import create_org

warnings.filterwarnings("ignore", module="pgpy")


def test_domains_commands(profile_suite, dns_server, tmp_path):
    admin = create_org(profile_suite, "Cli Domains")
    run = logged_in(profile_suite, admin, tmp_path)
    added = run("domains", "add", "CLI-Example.com")
    assert added.returncode == 0, added.stderr
    assert "added cli-example.com" in added.stdout and "_prism-challenge.cli-example.com  TXT" in added.stdout
    listed = json.loads(run("--output", "json", "domains", "list").stdout)["domains"]
    assert [(d["domain"], d["verified"]) for d in listed] == [("cli-example.com", False)]

    dns_server.txt.pop("_prism-challenge.cli-example.com", None)
    refused = run("domains", "verify", "cli-example.com")
    assert refused.returncode == 1 and "_prism-challenge.cli-example.com does not exist in DNS" in refused.stderr

    dns_server.txt["_prism-challenge.cli-example.com"] = [listed[0]["verification_value"]]
    verified = run("domains", "verify", "cli-example.com")
    assert verified.returncode == 0 and verified.stdout.strip() == "cli-example.com is verified", verified.stderr
    table = run("domains", "list")
    assert "cli-example.com" in table.stdout and "yes" in table.stdout
    assert run("domains", "remove", "cli-example.com").returncode == 0
    assert json.loads(run("--output", "json", "domains", "list").stdout).get("domains", []) == []


def test_gpg_keys_commands(profile_suite, tmp_path):
    admin = create_org(profile_suite, "Cli Gpg")
    run = logged_in(profile_suite, admin, tmp_path)
    key = PGPKey.new(PubKeyAlgorithm.EdDSA, EllipticCurveOID.Ed25519)
    key.add_uid(PGPUID.new("Cli User", email="cli@example.com"), usage={KeyFlags.Sign}, hashes=[HashAlgorithm.SHA256])
    path = tmp_path / "key.asc"
    path.write_text(str(key.pubkey))
    key_id = str(key.fingerprint).replace(" ", "")[-16:]
    added = run("gpg-keys", "add", str(path))
    assert added.returncode == 0 and f"added EdDSA key {key_id}" in added.stdout, added.stderr
    listed = json.loads(run("--output", "json", "gpg-keys", "list").stdout)["gpg_keys"]
    assert [k["key_id"] for k in listed] == [key_id]
    assert "Cli User <cli@example.com>" in run("gpg-keys", "list").stdout
    garbage = tmp_path / "garbage.asc"
    garbage.write_text("not a key")
    refused = run("gpg-keys", "add", str(garbage))
    assert refused.returncode == 1 and "not an ASCII-armoured PGP public key" in refused.stderr
    assert run("gpg-keys", "remove", key_id.lower()).returncode == 0
    assert json.loads(run("--output", "json", "gpg-keys", "list").stdout).get("gpg_keys", []) == []
