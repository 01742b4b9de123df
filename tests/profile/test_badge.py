"""The verified-domain badge (spec 002 step 3): on the consent and step-up pages only once the app
owner's domain covering every redirect URI host is verified through DNS."""

from __future__ import annotations

import secrets
import time

import httpx

from tests.support.directory import api, create_org, login
from tests.support.oidc import CALLBACK, Browser, add_user, register_app, s256

BADGE = 'id="verified-domain"'


def _consent_page(suite, app, username: str, password: str) -> str:
    browser = Browser(suite)
    try:
        page = browser.authorize(app, scope="openid profile", state=secrets.token_urlsafe(8), **s256())
        page = browser.sign_in(page, username, password)
        assert 'id="approve"' in page.text, page.text[:2000]
        return page.text
    finally:
        browser.close()


def _stepup_page(suite, admin, app, username: str, password: str) -> tuple[str, dict]:
    oauth = f"{suite.base_url}/api/v1/organizations/{admin.slug}/oauth/2fa"
    created = httpx.post(
        f"{oauth}/challenges",
        json={"redirect_uri": CALLBACK, "action": "Delete the repository"},
        auth=(app.client_id, app.client_secret),
        timeout=20,
    )
    assert created.status_code in (200, 201), created.text
    challenge_id = created.json()["challenge_id"]
    browser = Browser(suite)
    try:
        page = browser.get("/oauth/2fa", org=admin.slug, challenge_id=challenge_id, state="s1")
        if page.status_code == 303:
            login = browser.get(page.headers["location"])
            back = browser.submit(login, username=username, password=password)
            assert back.status_code == 303, back.text[:1000]
            page = browser.get(back.headers["location"])
        assert page.status_code == 200 and 'id="stepup-form"' in page.text, page.text[:2000]
        info = browser.get("/api/oauth/2fa/info", org=admin.slug, challenge_id=challenge_id)
        assert info.status_code == 200, info.text
        return page.text, info.json()
    finally:
        browser.close()


def test_badge_appears_only_after_the_owner_verifies_the_domain(profile_suite, dns_server):
    admin = create_org(profile_suite, "Badge")
    app = register_app(profile_suite, admin)  # the admin registered it: they own it; CALLBACK is on app.example.com
    username, password, _ = add_user(profile_suite, admin)

    assert BADGE not in _consent_page(profile_suite, app, username, password)
    page, info = _stepup_page(profile_suite, admin, app, username, password)
    assert BADGE not in page and info["verified_domain"] == ""

    base = f"/api/v1/organizations/{admin.slug}/users/{admin.user_id}/domains"
    domain = api(profile_suite, "POST", base, admin, json={"domain": "example.com"}).json()["domain"]
    # added but not proved: still no badge
    assert BADGE not in _consent_page(profile_suite, app, username, password)
    dns_server.txt["_prism-challenge.example.com"] = ["prism-verification=not-the-token"]
    assert api(profile_suite, "POST", f"/api/v1/{domain['name']}:verify", admin, json={}).status_code == 400
    assert BADGE not in _consent_page(profile_suite, app, username, password)

    dns_server.txt["_prism-challenge.example.com"] = [domain["verification_value"]]
    assert api(profile_suite, "POST", f"/api/v1/{domain['name']}:verify", admin, json={}).status_code == 200
    consent = _consent_page(profile_suite, app, username, password)
    assert BADGE in consent and "verified: <strong>example.com</strong>" in consent
    page, info = _stepup_page(profile_suite, admin, app, username, password)
    assert BADGE in page and "verified: <strong>example.com</strong>" in page
    assert info["verified_domain"] == "example.com"

    # a redirect URI on a host the domain does not cover takes the badge away
    patched = api(
        profile_suite,
        "PATCH",
        f"/api/v1/organizations/{admin.slug}/apps/{app.client_id}",
        admin,
        params={"update_mask": "redirect_uris"},
        json={"redirect_uris": [CALLBACK, "https://elsewhere.test/callback"]},
    )
    assert patched.status_code == 200, patched.text
    time.sleep(5.5)  # the token service caches an app's settings for 5 s
    assert BADGE not in _consent_page(profile_suite, app, username, password)


def test_a_domain_verified_by_someone_else_gives_no_badge(profile_suite, dns_server):
    admin = create_org(profile_suite, "Not Owner")
    app = register_app(profile_suite, admin)
    username, password, user_id = add_user(profile_suite, admin)
    token = login(profile_suite, admin.slug, username, password)
    base = f"/api/v1/organizations/{admin.slug}/users/{user_id}/domains"
    domain = api(profile_suite, "POST", base, token, json={"domain": "example.com"}).json()["domain"]
    dns_server.txt["_prism-challenge.example.com"] = [domain["verification_value"]]
    assert api(profile_suite, "POST", f"/api/v1/{domain['name']}:verify", token, json={}).status_code == 200
    # the user proved example.com, but the app is the admin's: no badge
    assert BADGE not in _consent_page(profile_suite, app, username, password)
