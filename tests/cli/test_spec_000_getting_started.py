"""Spec 000, steps 1 to 7, typed exactly as the document shows, with the real CLI against `prism serve`."""

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


def _claims(token: str) -> dict:
    import base64

    part = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))


def test_steps_1_to_7(suite, tmp_path):
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

    # 3. (done after 4 here, as the document allows) org 2 trusts org 1's tokens; "your-server" is this Prism
    run(
        f'prism --profile org2 projects openid-configurations create --project my-project --name "org1-trust" '
        f'--issuer "https://org-1.id.prism.local" --jwks-url "{suite.base_url}/api/v1/organizations/org-1/jwks"'
    )

    # before step 5 the documented refusal tells the operator what is missing
    token = run("prism auth print-access-token").strip()
    refused = _prism(
        suite,
        tmp_path,
        "prism auth sa-assume-openid --org org-2 --service-account "
        f'"sa2@service-accounts.my-project.id.prism.local" --token "{token}"',
    )
    assert refused.returncode == 1
    assert refused.stderr.strip() == "error: service account does not allow OpenID assumption"

    # 5. an assumption method on sa2
    run(
        "prism --profile org2 service-accounts assumptions add-openid-custom --project my-project "
        "--service-account sa2 --configuration org1-trust "
        '--match "sub:exact:sa1@service-accounts.my-project.id.prism.local"'
    )
    listed = json.loads(
        run(
            "prism --profile org2 --output json service-accounts assumptions list "
            "--project my-project --service-account sa2"
        )
    )
    (method,) = listed["assumption_methods"]
    assert method["configuration"] == "org1-trust"

    # 6. the raw API body of the document ...
    import httpx

    curl = subprocess.run(
        [
            "curl",
            "-sS",
            "-X",
            "POST",
            f"{suite.base_url}/api/v1/auth/service-accounts/assume/openid",
            "-H",
            "Content-Type: application/json",
            "-d",
            '{\n    "org": "org-2",\n    "service_account": "sa2@service-accounts.my-project.id.prism.local",\n'
            f'    "token": "{token}"\n  }}',
        ],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert curl.returncode == 0, curl.stderr
    claims = _claims(json.loads(curl.stdout)["token"]["access_token"])
    # 7. ... gives a JWT of sa2 in org 2
    assert claims["iss"] == "https://org-2.id.prism.local"
    assert claims["sub"] == "sa2@service-accounts.my-project.id.prism.local"
    assert claims["org"] == "org-2"
    assert claims["act"] == {
        "iss": "https://org-1.id.prism.local",
        "sub": "sa1@service-accounts.my-project.id.prism.local",
    }

    # 6. ... and the CLI, which stores the new token in the profile
    run(
        'prism auth sa-assume-openid --org org-2 --service-account "sa2@service-accounts.my-project.id.prism.local" '
        f'--token "{token}"'
    )
    identity = json.loads(run("prism --output json auth caller-identity"))
    assert identity["subject"] == "sa2@service-accounts.my-project.id.prism.local"
    assert identity["issuer"] == "https://org-2.id.prism.local"
    assert identity["organization"] == "org-2"
    assumed = run("prism auth print-access-token").strip()
    assert _claims(assumed)["org"] == "org-2"

    # the same exchange in RFC 8693 form, at org 2's token endpoint, gives the same identity
    exchanged = httpx.post(
        f"{suite.base_url}/api/v1/organizations/org-2/oauth/token",
        timeout=20,
        data={
            "grant_type": "urn:ietf:params:oauth:grant-type:token-exchange",
            "subject_token": token,
            "subject_token_type": "urn:ietf:params:oauth:token-type:jwt",
            "audience": "sa2@service-accounts.my-project.id.prism.local",
        },
    )
    assert exchanged.status_code == 200, exchanged.text
    answer = exchanged.json()
    assert answer["issued_token_type"] == "urn:ietf:params:oauth:token-type:access_token"
    assert answer["token_type"] == "Bearer" and answer["expires_in"] > 0
    assert exchanged.headers["cache-control"] == "no-store"
    same = _claims(answer["access_token"])
    assert {k: same[k] for k in ("iss", "sub", "org", "act")} == {k: claims[k] for k in ("iss", "sub", "org", "act")}

    # logout forgets the token
    run("prism auth logout")
    after = _prism(suite, tmp_path, "prism auth caller-identity")
    assert after.returncode == 1 and after.stderr.startswith("error: not logged in")
