"""Which tokens assume a service account: every check, every rule, and what the caller is told."""

from __future__ import annotations

import base64
import json
import time

import pytest
from joserfc import jwt
from joserfc.jwk import OctKey

from tests.federation.conftest import assume, explain, trust
from tests.support.directory import api
from tests.support.issuer import ISSUER

UNAUTHORIZED = {
    "code": 401,
    "status": "UNAUTHENTICATED",
    "reason": "ASSUMPTION_UNAUTHORIZED",
    "message": "unauthorized",
}
NOT_ALLOWED = {
    "code": 403,
    "status": "PERMISSION_DENIED",
    "reason": "ASSUMPTION_NOT_ALLOWED",
    "message": "service account does not allow OpenID assumption",
}


def _claims(token: str) -> dict:
    part = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))


def _failed_checks(answer: dict) -> list[str]:
    return [s["check"] for m in answer["methods"] for s in m["steps"] if not s["passed"]]


def test_exact_rule_accepts_and_issues_the_target_identity(federation_suite, target, issuer):
    canonical = trust(federation_suite, target, issuer.url(), ["sub:exact:workload-1"])
    answer = assume(federation_suite, target, canonical, issuer.token())
    assert answer.status_code == 200, answer.text
    claims = _claims(answer.json()["token"]["access_token"])
    assert (claims["iss"], claims["sub"], claims["org"]) == (
        f"https://{target.slug}.id.prism.local",
        canonical,
        target.slug,
    )
    assert claims["act"] == {"iss": ISSUER, "sub": "workload-1"}


@pytest.mark.parametrize(
    ("rules", "accepted"),
    [
        (["sub:glob:workload-*"], True),
        (["sub:glob:robot-*"], False),
        (["email:exact:ci@example.test"], True),
        (["email:glob:*@example.test", "aud:exact:prism"], True),
        (["sub:exact:workload-1", "email:exact:someone@else.test"], False),  # every rule must hold
        (["team:exact:ops"], False),  # a claim the token does not have
    ],
)
def test_rules(federation_suite, target, issuer, rules, accepted):
    canonical = trust(federation_suite, target, issuer.url(), rules)
    answer = assume(federation_suite, target, canonical, issuer.token())
    if accepted:
        assert answer.status_code == 200, answer.text
    else:
        assert answer.json()["error"] == NOT_ALLOWED
        assert "rule" in _failed_checks(explain(federation_suite, target, canonical, issuer.token()))


def _hs256_with_public_key(issuer) -> str:
    # the classic confusion attack: HMAC keyed with the RSA public key
    secret = OctKey.import_key(json.dumps(issuer.key.as_dict(private=False)).encode())
    now = int(time.time())
    return jwt.encode(
        {"alg": "HS256", "kid": issuer.key.kid},
        {"iss": ISSUER, "sub": "workload-1", "exp": now + 60},
        secret,
        algorithms=["HS256"],
    )


REFUSALS = {
    "alg none": (lambda i: i.unsigned(), "algorithm"),
    "hmac": (_hs256_with_public_key, "algorithm"),
    "other algorithm than the key's": (
        lambda i: i.token(header={"alg": "PS256"}, key=_without_alg(i.key)),
        "signature",
    ),
    "jku header": (lambda i: i.token(header={"jku": "https://evil.example/jwks"}), "header"),
    "jwk header": (lambda i: i.token(header={"jwk": i.other_key.as_dict(private=False)}), "header"),
    "x5u header": (lambda i: i.token(header={"x5u": "https://evil.example/cert"}), "header"),
    "no exp": (lambda i: i.token(drop=("exp",)), "expiry"),
    "expired": (lambda i: i.token({"exp": int(time.time()) - 120}), "expiry"),
    "not yet valid": (lambda i: i.token({"nbf": int(time.time()) + 600}), "not before"),
    "issued in the future": (lambda i: i.token({"iat": int(time.time()) + 600}), "issued at"),
    "unknown kid": (lambda i: i.token(key=i.other_key), "key"),
    "tampered payload": (lambda i: _tamper(i.token()), "signature"),
}


def _without_alg(key):
    """The same RSA key material, not bound to RS256, so PS256 can be signed with it."""
    from joserfc.jwk import RSAKey

    members = {k: v for k, v in key.as_dict(private=True).items() if k != "alg"}
    return RSAKey.import_key(members)


def _tamper(token: str) -> str:
    header, payload, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["sub"] = "admin"
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    return f"{header}.{forged}.{signature}"


@pytest.mark.parametrize("case", sorted(REFUSALS))
def test_refusals_say_unauthorized_and_log_which_check(federation_suite, target, issuer, case):
    make, check = REFUSALS[case]
    canonical = trust(federation_suite, target, issuer.url(), ["sub:glob:*"])
    token = make(issuer)
    answer = assume(federation_suite, target, canonical, token)
    assert answer.status_code == 401, (case, answer.text)
    assert answer.json()["error"] == UNAUTHORIZED
    assert check in _failed_checks(explain(federation_suite, target, canonical, token)), case
    events = api(
        federation_suite,
        "GET",
        f"/api/v1/organizations/{target.slug}/auditEvents",
        target,
        params={"action_prefix": "token.assumption.refused"},
    ).json()["audit_events"]
    mine = [e for e in events if e["target"] == canonical]
    assert mine and mine[0]["outcome"] == "OUTCOME_DENIED"
    assert mine[0]["details"]["reason"].startswith(check), mine[0]["details"]
    assert mine[0]["details"]["target"] == canonical


def test_token_from_another_issuer_is_unauthorized(federation_suite, target, issuer):
    canonical = trust(federation_suite, target, issuer.url(), ["sub:glob:*"])
    answer = assume(federation_suite, target, canonical, issuer.token({"iss": "https://elsewhere.test"}))
    assert answer.json()["error"] == UNAUTHORIZED
    (method,) = explain(federation_suite, target, canonical, issuer.token({"iss": "https://elsewhere.test"}))["methods"]
    assert "is not trusted" in method["steps"][0]["detail"]


def test_audience_age_and_single_use(federation_suite, target, issuer):
    canonical = trust(
        federation_suite,
        target,
        issuer.url(),
        ["sub:glob:*"],
        audience="prism",
        max_assertion_age_seconds=60,
        single_use_jti=True,
    )
    assert assume(federation_suite, target, canonical, issuer.token({"aud": "someone-else"})).status_code == 401
    old = issuer.token({"iat": int(time.time()) - 120})
    assert assume(federation_suite, target, canonical, old).status_code == 401
    assert assume(federation_suite, target, canonical, issuer.token(drop=("jti",))).status_code == 401
    once = issuer.token()
    assert assume(federation_suite, target, canonical, once).status_code == 200
    replay = assume(federation_suite, target, canonical, once)
    assert replay.status_code == 401 and replay.json()["error"] == UNAUTHORIZED


def test_no_method_and_unknown_account_are_not_allowed(federation_suite, target, issuer):
    project = f"/api/v1/organizations/{target.slug}/projects/p/serviceAccounts"
    api(federation_suite, "POST", project, target, json={"service_account_id": "plain"})
    for name in ("plain", "ghost"):
        answer = assume(federation_suite, target, f"{name}@service-accounts.p.id.prism.local", issuer.token())
        assert answer.json()["error"] == NOT_ALLOWED


def test_empty_rule_set_and_bad_rules_are_refused(federation_suite, target, issuer):
    trust(federation_suite, target, issuer.url(), ["sub:exact:x"])  # makes a configuration to point at
    project = f"/api/v1/organizations/{target.slug}/projects/p"
    accounts = api(federation_suite, "GET", f"{project}/serviceAccounts", target).json()["service_accounts"]
    name = accounts[-1]["service_account_id"]
    path = f"{project}/serviceAccounts/{name}/assumptionMethods"
    empty = api(federation_suite, "POST", path, target, json={"configuration": f"c-{name}", "rules": []})
    assert empty.status_code == 400 and empty.json()["error"]["field"] == "assumption_method.rules"
    unset = api(
        federation_suite,
        "POST",
        path,
        target,
        json={"configuration": f"c-{name}", "rules": [{"claim": "sub", "value": "x"}]},
    )
    assert unset.status_code == 400 and unset.json()["error"]["field"] == "assumption_method.rules[0].match"
    missing = api(
        federation_suite,
        "POST",
        path,
        target,
        json={"configuration": "nope", "rules": [{"claim": "sub", "match": "MATCH_TYPE_EXACT", "value": "x"}]},
    )
    assert missing.status_code == 404 and missing.json()["error"]["field"] == "assumption_method.configuration"


def test_rfc8693_form_matches_the_spec_api(federation_suite, target, issuer):
    canonical = trust(federation_suite, target, issuer.url(), ["sub:exact:workload-1"])
    endpoint = f"{federation_suite.base_url}/api/v1/organizations/{target.slug}/oauth/token"
    import httpx

    form = {
        "grant_type": "urn:ietf:params:oauth:grant-type:token-exchange",
        "subject_token": issuer.token(),
        "subject_token_type": "urn:ietf:params:oauth:token-type:jwt",
        "audience": canonical,
    }
    exchanged = httpx.post(endpoint, data=form, timeout=20)
    assert exchanged.status_code == 200, exchanged.text
    via_api = assume(federation_suite, target, canonical, issuer.token()).json()["token"]["access_token"]
    one, two = _claims(exchanged.json()["access_token"]), _claims(via_api)
    assert {k: one[k] for k in ("iss", "sub", "org", "act")} == {k: two[k] for k in ("iss", "sub", "org", "act")}

    bad = httpx.post(endpoint, data={**form, "subject_token": issuer.unsigned()}, timeout=20)
    assert bad.status_code == 400 and bad.json() == {"error": "invalid_grant", "error_description": "unauthorized"}
    grant = httpx.post(endpoint, data={**form, "grant_type": "password"}, timeout=20)
    assert grant.status_code == 400 and grant.json()["error"] == "unsupported_grant_type"
    missing = httpx.post(endpoint, data={k: v for k, v in form.items() if k != "audience"}, timeout=20)
    assert missing.status_code == 400 and missing.json()["error"] == "invalid_request"
    kind = httpx.post(endpoint, data={**form, "subject_token_type": "urn:x"}, timeout=20)
    assert kind.status_code == 400 and kind.json()["error"] == "invalid_request"


def test_cli_explains_rule_by_rule_and_checks_match_syntax(federation_suite, target, issuer, tmp_path):
    import subprocess
    import sys

    canonical = trust(federation_suite, target, issuer.url(), ["sub:exact:workload-1", "email:glob:*@corp.test"])
    env = {**federation_suite.env, "PRISM_CONFIG_DIR": str(tmp_path), "PRISM_SERVER": federation_suite.base_url}

    def prism(*args):
        return subprocess.run(
            [sys.executable, "-m", "prism", *args], env=env, capture_output=True, text=True, timeout=60
        )

    assert (
        prism(
            "auth", "login", "--org", target.slug, "--username", target.username, "--password", target.password
        ).returncode
        == 0
    )
    name = canonical.split("@")[0]
    shown = prism(
        "service-accounts",
        "assumptions",
        "explain",
        "--project",
        "p",
        "--service-account",
        name,
        "--token",
        issuer.token(),
    )
    assert shown.returncode == 0, shown.stderr
    lines = shown.stdout.splitlines()
    assert lines[0] == "REFUSED"
    assert "  [ok] signature: verified with issuer-key-1 (RS256)" in lines
    assert "  [ok] rule: sub:exact:workload-1 — 'workload-1' matches" in lines
    assert "  [FAIL] rule: email:glob:*@corp.test — 'ci@example.test' does not match" in lines
    bad = prism(
        "service-accounts",
        "assumptions",
        "add-openid-custom",
        "--project",
        "p",
        "--service-account",
        name,
        "--configuration",
        f"c-{name}",
        "--match",
        "sub=workload-1",
    )
    assert bad.returncode == 1
    assert (
        bad.stderr.strip() == "error: --match 'sub=workload-1' must look like CLAIM:exact:VALUE or CLAIM:glob:PATTERN"
    )
