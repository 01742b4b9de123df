"""Logins: refused credentials look alike, revoked and expired keys stop working, secrets stay out of logs."""

from __future__ import annotations

import datetime
import time

from tests.support.directory import api, create_org


def _service_account_key(suite, admin, expire_time: str | None = None) -> tuple[str, str]:
    org = f"/api/v1/organizations/{admin.slug}"
    assert api(suite, "POST", f"{org}/projects", admin, json={"project_id": "p"}).status_code in (201, 409)
    api(suite, "POST", f"{org}/projects/p/serviceAccounts", admin, json={"service_account_id": "robot"})
    body = {"description": "ci"}
    if expire_time:
        body["expire_time"] = expire_time
    created = api(suite, "POST", f"{org}/projects/p/serviceAccounts/robot/apiKeys", admin, json=body)
    assert created.status_code == 201, created.text
    return created.json()["secret"], created.json()["api_key"]["name"]


def _key_login(suite, secret: str):
    return api(suite, "POST", "/api/v1/auth/service-accounts/login", json={"api_key": secret})


def test_wrong_password_and_unknown_user_get_the_same_answer(suite):
    admin = create_org(suite)
    answers = [
        api(
            suite,
            "POST",
            "/api/v1/auth/login",
            json={"org": admin.slug, "username": admin.username, "password": "wrong-password"},
        ),
        api(
            suite,
            "POST",
            "/api/v1/auth/login",
            json={"org": admin.slug, "username": "nobody", "password": "wrong-password"},
        ),
        api(
            suite,
            "POST",
            "/api/v1/auth/login",
            json={"org": "no-such-org-at-all", "username": admin.username, "password": admin.password},
        ),
    ]
    for answer in answers:
        assert answer.status_code == 401
        assert answer.headers["www-authenticate"].startswith('Bearer error="invalid_token"')
    bodies = {a.text for a in answers}
    assert len(bodies) == 1, bodies
    assert answers[0].json()["error"]["message"] == "invalid organization, username or password"


def test_revoked_key_cannot_log_in(suite):
    admin = create_org(suite)
    secret, name = _service_account_key(suite, admin)
    assert _key_login(suite, secret).status_code == 200
    revoked = api(suite, "POST", f"/api/v1/{name}:revoke", admin, json={})
    assert revoked.status_code == 200 and revoked.json()["api_key"]["revoke_time"]
    refused = _key_login(suite, secret)
    assert refused.status_code == 401
    assert refused.json()["error"]["message"] == "invalid, expired or revoked API key"
    again = api(suite, "POST", f"/api/v1/{name}:revoke", admin, json={})
    assert again.status_code == 400 and again.json()["error"]["field"] == "name"


def test_expired_key_cannot_log_in(suite):
    admin = create_org(suite)
    soon = datetime.datetime.now(datetime.UTC) + datetime.timedelta(seconds=2)
    secret, _ = _service_account_key(suite, admin, soon.isoformat().replace("+00:00", "Z"))
    assert _key_login(suite, secret).status_code == 200
    time.sleep(2.5)
    refused = _key_login(suite, secret)
    assert refused.status_code == 401
    assert refused.text == _key_login(suite, "prism_" + "x" * 43).text  # same as an unknown key


def test_deleted_service_account_key_stops_working_and_its_tokens_too(suite):
    admin = create_org(suite)
    secret, _ = _service_account_key(suite, admin)
    token = _key_login(suite, secret).json()["token"]["access_token"]
    assert api(suite, "GET", f"/api/v1/organizations/{admin.slug}/projects/p", token).status_code == 200
    deleted = api(suite, "DELETE", f"/api/v1/organizations/{admin.slug}/projects/p/serviceAccounts/robot", admin)
    assert deleted.status_code == 200
    assert _key_login(suite, secret).status_code == 401
    time.sleep(2.5)  # authz remembers grants for PRISM_AUTHZ_GRANTS_CACHE_SECONDS (2)
    gone = api(suite, "GET", f"/api/v1/organizations/{admin.slug}/projects/p", token)
    assert gone.status_code == 401 and gone.json()["error"]["reason"] == "SUBJECT_GONE"


def test_secrets_never_reach_the_logs(suite):
    admin = create_org(suite)
    secret, _ = _service_account_key(suite, admin)
    _key_login(suite, secret)
    _key_login(suite, secret + "tampered")
    api(
        suite,
        "POST",
        "/api/v1/auth/login",
        json={"org": admin.slug, "username": admin.username, "password": "hunter2-not-it"},
    )
    # the failures were logged (audit lines are emitted after commit), without their secrets
    suite.wait_until(lambda: "gateway.login.failed" in suite.logs(), timeout=10, what="the failed login's audit line")
    time.sleep(0.5)  # and the other lines of those requests
    logs = suite.logs()
    for needle in (secret, secret[len("prism_") :], admin.password, "hunter2-not-it"):
        assert needle not in logs


def test_garbage_tokens_are_401_with_www_authenticate(suite):
    admin = create_org(suite)
    path = f"/api/v1/organizations/{admin.slug}/projects"
    for header in ("Bearer nonsense", "Bearer a.b.c", "Basic abc", f"Bearer {admin.token[:-4]}AAAA"):
        answer = api(suite, "GET", path, headers={"authorization": header})
        assert answer.status_code == 401, (header, answer.text)
        assert answer.headers["www-authenticate"].startswith("Bearer ")
    assert api(suite, "GET", path, admin).status_code == 200
