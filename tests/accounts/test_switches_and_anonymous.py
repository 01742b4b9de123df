"""DISABLE_LOCAL_SIGNIN (spec 001) and anonymous sessions (spec 003)."""

from __future__ import annotations

import time

import httpx

from tests.support.databases import database_url
from tests.support.directory import api, create_org, login
from tests.support.oidc import Browser, claims_of, register_app
from tests.support.suite import start_suite


def test_local_sign_in_switched_off(tmp_path, backend):
    with database_url(backend, tmp_path) as url:
        before = start_suite(tmp_path / "suite", database_url=url)
        try:
            admin = create_org(before)  # made while local sign-in still works
        finally:
            before.stop()
        closed = start_suite(tmp_path / "suite", database_url=url, extra_env={"DISABLE_LOCAL_SIGNIN": "true"})
        try:
            _refuses_local_sign_in(closed, admin)
        finally:
            closed.stop()


def _refuses_local_sign_in(closed, admin) -> None:
    refused = api(
        closed,
        "POST",
        "/api/v1/auth/login",
        json={"org": admin.slug, "username": admin.username, "password": admin.password},
    )
    assert refused.status_code == 403
    assert refused.json()["error"]["reason"] == "LOCAL_SIGNIN_DISABLED"
    assert "DISABLE_LOCAL_SIGNIN" in refused.json()["error"]["message"]
    page = httpx.get(f"{closed.base_url}/login?org={admin.slug}", timeout=20)
    assert page.status_code == 200 and 'id="password"' not in page.text and "disabled on this server" in page.text
    browser = Browser(closed)
    try:
        app = register_app(closed, admin)  # the admin's token from before still works: only sign-in is off
        step = browser.authorize(app, scope="openid", code_challenge="x" * 43, code_challenge_method="S256")
        assert step.status_code == 200 and 'id="password"' not in step.text
        posted = browser.client.post(
            f"/login?org={admin.slug}", data={"username": admin.username, "password": admin.password, "csrf": "x"}
        )
        assert posted.status_code in (400, 403) and "session" not in posted.cookies
    finally:
        browser.close()


def test_anonymous_sessions(suite):
    admin = create_org(suite)
    answer = httpx.post(f"{suite.base_url}/api/v1/auth/anonymous", json={"org": admin.slug}, timeout=20)
    assert answer.status_code == 200, answer.text
    token = answer.json()["token"]
    claims = claims_of(token["access_token"])
    assert claims["sub"].startswith("anonymous:") and claims["anonymous"] is True
    assert claims["org"] == admin.slug and claims["amr"] == ["anon"]
    assert claims["exp"] - claims["iat"] <= 900  # short-lived
    other = httpx.post(f"{suite.base_url}/api/v1/auth/anonymous", json={"org": admin.slug}, timeout=20)
    assert claims_of(other.json()["token"]["access_token"])["sub"] != claims["sub"]  # a fresh subject each time

    # nothing owned by users: the management API refuses the token outright
    for path in (
        f"/api/v1/organizations/{admin.slug}",
        f"/api/v1/organizations/{admin.slug}/users",
        f"/api/v1/organizations/{admin.slug}/teams",
        f"/api/v1/organizations/{admin.slug}/apps",
        "/api/v1/organizations",
    ):
        refused = api(suite, "GET", path, token["access_token"])
        assert refused.status_code == 403, (path, refused.text)
        assert refused.json()["error"]["reason"] == "ANONYMOUS_SESSION"
    userinfo = httpx.get(
        f"{suite.base_url}/api/v1/organizations/{admin.slug}/oauth/userinfo",
        headers={"authorization": f"Bearer {token['access_token']}"},
        timeout=20,
    )
    assert userinfo.status_code == 403  # no openid scope: not a token an app received for a user

    unknown = httpx.post(f"{suite.base_url}/api/v1/auth/anonymous", json={"org": "no-such-org"}, timeout=20)
    assert unknown.status_code == 404
    missing = httpx.post(f"{suite.base_url}/api/v1/auth/anonymous", json={}, timeout=20)
    assert missing.status_code == 400 and "PRISM_DEFAULT_ORGANIZATION" in missing.json()["error"]["message"]


def test_anonymous_sessions_can_be_switched_off(start_prism):
    suite = start_prism(extra_env={"PRISM_PLATFORM_ORGANIZATION": "platform", "PRISM_DEFAULT_ORGANIZATION": "platform"})
    created = api(
        suite,
        "POST",
        "/api/v1/organizations",
        json={"organization": {"display_name": "Platform"}, "admin_username": "root", "admin_password": "password1"},
    )
    assert created.status_code == 201
    root = login(suite, "platform", "root", "password1")
    assert httpx.post(f"{suite.base_url}/api/v1/auth/anonymous", json={}, timeout=20).status_code == 200  # default org
    changed = api(
        suite,
        "PATCH",
        "/api/v1/siteSettings",
        root,
        params={"update_mask": "anonymous_sessions_enabled"},
        json={"anonymous_sessions_enabled": False},
    )
    assert changed.status_code == 200, changed.text
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:  # the token service reads site settings at most 5 seconds old
        refused = httpx.post(f"{suite.base_url}/api/v1/auth/anonymous", json={}, timeout=20)
        if refused.status_code == 403:
            break
        time.sleep(0.5)
    assert refused.status_code == 403 and refused.json()["error"]["reason"] == "ANONYMOUS_SESSIONS_DISABLED"


def test_mfa_force_local_off_gives_the_token_for_the_password(suite):
    """The shared suite runs with MFA_FORCE_LOCAL=false: no ticket, no second-factor page."""
    admin = create_org(suite)
    answer = api(
        suite,
        "POST",
        "/api/v1/auth/login",
        json={"org": admin.slug, "username": admin.username, "password": admin.password},
    )
    assert answer.status_code == 200 and "mfa" not in answer.json() and answer.json()["token"]["access_token"]
    browser = Browser(suite)
    try:
        page = browser.get(f"/login?org={admin.slug}")
        signed_in = browser.submit(page, username=admin.username, password=admin.password)
        assert signed_in.status_code == 303 and signed_in.headers["location"].startswith("/apps")
    finally:
        browser.close()
