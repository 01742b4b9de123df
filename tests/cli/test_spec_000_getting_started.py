"""Spec 000, steps 1 to 4, typed exactly as the document shows, with the real CLI against `prism serve`."""

from __future__ import annotations

import json
import os
import shlex
import stat
import subprocess
import sys


def _prism(suite, config, command: str) -> subprocess.CompletedProcess:
    args = shlex.split(command)
    assert args[0] == "prism"
    env = {**suite.env, "PRISM_CONFIG_DIR": str(config), "PRISM_SERVER": suite.base_url}
    return subprocess.run(
        [sys.executable, "-m", "prism", *args[1:]], env=env, capture_output=True, text=True, timeout=60
    )


def test_steps_1_to_4(suite, tmp_path):
    # the walkthrough uses the names "Org 1" and "Org 2": this suite is shared, so the first
    # test to run it owns them (other tests use random names)
    def run(command: str) -> str:
        result = _prism(suite, tmp_path, command)
        assert result.returncode == 0, f"{command}\n{result.stderr}"
        return result.stdout

    # 1. organizations, projects and service accounts
    run('prism organizations create --name "Org 1" --admin-username admin1 --admin-password password1')
    run('prism organizations create --name "Org 2" --admin-username admin2 --admin-password password2')
    run("prism --profile org1 auth login --org org-1 --username admin1 --password password1")
    run("prism --profile org2 auth login --org org-2 --username admin2 --password password2")
    run('prism --profile org1 projects create --name "my-project"')
    run('prism --profile org2 projects create --name "my-project"')
    run("prism --profile org1 service-accounts create --project my-project --name sa1")
    run("prism --profile org2 service-accounts create --project my-project --name sa2")

    # 2. the issuer of org 1's tokens
    identity = json.loads(run("prism --profile org1 --output json auth caller-identity"))
    assert identity["issuer"] == "https://org-1.id.prism.local"
    assert identity["organization"] == "org-1"

    # 4. an API key for sa1, and its canonical subject
    created = json.loads(
        run(
            "prism --profile org1 --output json service-accounts api-keys create "
            '--project my-project --service-account-id sa1 --description "cross-org key"'
        )
    )
    api_key = created["api_key"]
    assert api_key.startswith("prism_") and created["description"] == "cross-org key"
    run(f'prism auth sa-login-with-apikey --api-key "{api_key}"')
    table = run("prism auth caller-identity")
    assert "sa1@service-accounts.my-project.id.prism.local" in table
    identity = json.loads(run("prism --output json auth caller-identity"))
    assert identity["subject"] == "sa1@service-accounts.my-project.id.prism.local"
    assert identity["issuer"] == "https://org-1.id.prism.local"
    assert identity["organization"] == "org-1" and identity["expired"] is False
    token = run("prism auth print-access-token").strip()
    assert token.count(".") == 2

    # profiles are private files; the API key appears in no log line of any component
    profiles = tmp_path / "profiles.json"
    assert stat.S_IMODE(os.stat(profiles).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(tmp_path).st_mode) == 0o700
    assert api_key not in suite.logs()
    assert api_key[len("prism_") :] not in suite.logs()

    # the key is listed with its last use, never with its secret
    listed = json.loads(
        run(
            "prism --profile org1 --output json service-accounts api-keys list "
            "--project my-project --service-account-id sa1"
        )
    )
    (key,) = listed["api_keys"]
    assert key["last_use_time"] and api_key not in json.dumps(listed)

    # logout forgets the token
    run("prism auth logout")
    after = _prism(suite, tmp_path, "prism auth caller-identity")
    assert after.returncode == 1 and after.stderr.startswith("error: not logged in")
