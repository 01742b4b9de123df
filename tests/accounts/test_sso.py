"""Upstream SSO through a real OpenID Connect provider (oidc-provider from npm) in headless Chromium.

The suite runs with forced MFA (the product default): SSO accounts are exempt, since their identity
provider enforces its own factors (spec 001) — they are never sent to the TOTP page.
"""

from __future__ import annotations

import time
from urllib.parse import parse_qs, urlencode, urlsplit

import httpx
import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

from tests.support import mfa
from tests.support.chromium import AppCallback, chromium
from tests.support.databases import database_url
from tests.support.directory import api
from tests.support.oidc import pkce_pair, register_app
from tests.support.suite import free_port, start_suite
from tests.support.upstream import start_upstream


@pytest.fixture(scope="module")
def sso(tmp_path_factory, backend):
    """(suite, acme's admin, the upstream): Prism with the upstream as platform SSO provider `corp`;
    `acme` is the default organization, where a first SSO sign-in creates the account."""
    directory = tmp_path_factory.mktemp(f"sso-{backend}")
    port = free_port()
    with start_upstream(f"http://127.0.0.1:{port}/api/v1/login/callback") as upstream:
        config = directory / "authProviders.config.yml"
        config.write_text(upstream.providers_yaml())
        env = {
            **mfa.MFA_ON,
            "AUTH_PROVIDERS_CONFIG": str(config),
            "CORP_CLIENT_SECRET": upstream.client_secret,
            "PRISM_DEFAULT_ORGANIZATION": "acme",
        }
        with database_url(backend, directory) as url:
            suite = start_suite(directory / "suite", database_url=url, extra_env=env, port=port)
            try:
                acme = mfa.create_enrolled_org(suite, "Acme", exact=True)  # the default organization
                yield suite, acme, upstream
            finally:
                suite.stop()


def _wait_for(driver, css: str):
    return WebDriverWait(driver, 30).until(expected_conditions.presence_of_element_located((By.CSS_SELECTOR, css)))


def _authorize(driver, suite, slug: str, client_id: str, redirect_uri: str) -> None:
    _, challenge = pkce_pair()
    query = {
        "response_type": "code",
        "client_id": client_id,
        "redirect_uri": redirect_uri,
        "scope": "openid profile email",
        "state": "state-1",
        "code_challenge": challenge,
        "code_challenge_method": "S256",
    }
    driver.get(f"{suite.base_url}/api/v1/organizations/{slug}/oauth/authorize?{urlencode(query)}")


def _upstream_sign_in(driver, login: str) -> None:
    """oidc-provider's own development pages: any login and password, then its consent."""
    _wait_for(driver, "input[name=login]").send_keys(login)
    driver.find_element(By.CSS_SELECTOR, "input[name=password]").send_keys("any password")
    driver.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    _wait_for(driver, "input[name=prompt][value=consent]")  # its consent page (not the login form still shown)
    driver.find_element(By.CSS_SELECTOR, "button[type=submit]").click()  # "Continue": allow Prism the scopes


def _callbacks(callback: AppCallback) -> list[str]:
    return [hit for hit in callback.hits if "/callback" in hit]


def _events(suite, admin, action: str) -> list[dict]:
    deadline = time.monotonic() + 10
    while True:
        answer = api(
            suite, "GET", f"/api/v1/organizations/{admin.slug}/auditEvents", admin, params={"action_prefix": action}
        )
        found = answer.json().get("audit_events", [])
        if found or time.monotonic() > deadline:
            return found
        time.sleep(0.3)


def test_sso_accounts_sign_in_without_totp(sso):
    suite, admin, _ = sso
    # an account the admin created for someone who signs in through the provider (no password)
    made = api(
        suite,
        "POST",
        f"/api/v1/organizations/{admin.slug}/users",
        admin,
        json={"username": "dana", "email": "dana.doe@example.com", "kind": "external", "provider": "corp"},
    )
    assert made.status_code == 201, made.text
    dana_id = made.json()["user"]["user_id"]
    with AppCallback() as callback, chromium() as driver:
        app = register_app(suite, admin, redirect_uris=[callback.url("/callback")])
        _authorize(driver, suite, admin.slug, app.client_id, callback.url("/callback"))
        _wait_for(driver, "#sso-corp").click()  # "Corp SSO" on Prism's sign-in page
        _upstream_sign_in(driver, "dana.doe")
        _wait_for(driver, "#approve")  # Prism's consent: no TOTP page for an SSO account
        assert not driver.find_elements(By.ID, "code")
        driver.find_element(By.ID, "approve").click()
        _wait_for(driver, "#app")
        query = parse_qs(urlsplit(_callbacks(callback)[-1]).query)
        assert query["state"] == ["state-1"] and query["code"]
    dana = api(suite, "GET", f"/api/v1/organizations/{admin.slug}/users/{dana_id}", admin).json()["user"]
    assert dana["kind"] == "external" and dana["provider"] == "corp" and dana["email_verified"] is True
    succeeded = _events(suite, admin, "gateway.login.succeeded")
    sso_logins = [e for e in succeeded if e["details"].get("method") == "sso"]
    assert sso_logins and sso_logins[0]["actor"] == dana_id
    claims = sso_logins[0]["details"]["claims"]  # what the provider sent, for writing attributesMapping
    assert claims["email"] == "dana.doe@example.com" and claims["given_name"] == "Dana"


def test_first_sign_in_creates_the_external_account_with_mapped_names(sso):
    suite, admin, _ = sso
    with chromium() as driver:
        driver.get(f"{suite.base_url}/login?org={admin.slug}")
        _wait_for(driver, "#sso-corp").click()
        _upstream_sign_in(driver, "eve.smith")
        WebDriverWait(driver, 30).until(expected_conditions.title_contains("Administrators only"))
        assert urlsplit(driver.current_url).path == "/apps"  # signed in: the Apps page, only for admins
    users = api(suite, "GET", f"/api/v1/organizations/{admin.slug}/users", admin).json()["users"]
    eve = next(u for u in users if u["email"] == "eve.smith@example.com")
    assert eve["kind"] == "external" and eve["provider"] == "corp"
    assert eve["display_name"] == "Eve Smith" and eve["email_verified"] is True


def test_platform_sso_does_not_make_members_of_other_organizations(sso):
    suite, _, _ = sso
    other = mfa.create_enrolled_org(suite, "Other Corp")
    with chromium() as driver:
        driver.get(f"{suite.base_url}/login?org={other.slug}")
        _wait_for(driver, "#sso-corp").click()
        _upstream_sign_in(driver, "mallory.jones")
        message = _wait_for(driver, "main").text
        assert "no account in this organization" in message and "invitation" in message
    users = api(suite, "GET", f"/api/v1/organizations/{other.slug}/users", other).json()["users"]
    assert [u["username"] for u in users] == ["admin"]
    failed = _events(suite, other, "gateway.login.failed")
    assert any(e["details"].get("reason") == "NO_ACCOUNT" for e in failed)


def test_a_callback_from_another_browser_or_a_replayed_one_is_refused(sso):
    suite, admin, _ = sso
    attacker = httpx.Client(base_url=suite.base_url, follow_redirects=False, timeout=20)
    started = attacker.get(f"/api/v1/login/corp?org={admin.slug}")
    assert started.status_code == 303
    state = parse_qs(urlsplit(started.headers["location"]).query)["state"][0]
    victim = httpx.Client(base_url=suite.base_url, follow_redirects=False, timeout=20)
    forged = victim.get("/api/v1/login/callback", params={"state": state, "code": "whatever"})
    assert forged.status_code == 401 and "another browser" in forged.text
    again = attacker.get("/api/v1/login/callback", params={"state": state, "code": "whatever"})
    assert again.status_code == 401 and "expired or was already completed" in again.text  # the state is used up
    unknown = attacker.get(f"/api/v1/login/nope?org={admin.slug}")
    assert unknown.status_code == 404


def test_an_invitation_is_accepted_through_sso(sso):
    suite, _, _ = sso
    other = mfa.create_enrolled_org(suite, "Partner")  # not a platform organization: no account without an invitation
    team = api(suite, "POST", f"/api/v1/organizations/{other.slug}/teams", other, json={"team_id": "ops"})
    assert team.status_code == 201, team.text
    invited = api(
        suite,
        "POST",
        f"/api/v1/organizations/{other.slug}/invitations",
        other,
        json={"email": "frank.miller@example.com", "team": "ops", "team_role": "member"},
    )
    assert invited.status_code == 201, invited.text
    url, invitation_id = invited.json()["url"], invited.json()["invitation"]["invitation_id"]
    with chromium() as driver:
        driver.get(url)
        _wait_for(driver, "#sso-corp").click()  # "Continue with Corp SSO" on the invitation page
        _upstream_sign_in(driver, "frank.miller")
        WebDriverWait(driver, 30).until(expected_conditions.title_contains("Administrators only"))  # signed in
        driver.delete_all_cookies()
        driver.get(f"{suite.base_url}/login?org={other.slug}")  # later: the plain sign-in finds the account
        _wait_for(driver, "#sso-corp").click()
        _upstream_sign_in(driver, "frank.miller")
        WebDriverWait(driver, 30).until(expected_conditions.title_contains("Administrators only"))
    invitation = api(suite, "GET", f"/api/v1/organizations/{other.slug}/invitations/{invitation_id}", other).json()
    assert invitation["invitation"]["state"] == "ACCEPTED"
    users = api(suite, "GET", f"/api/v1/organizations/{other.slug}/users", other).json()["users"]
    frank = next(u for u in users if u["email"] == "frank.miller@example.com")
    assert frank["kind"] == "external" and frank["provider"] == "corp" and frank["role"] == "user"
    assert invitation["invitation"]["accepted_by"] == frank["user_id"]
    members = api(suite, "GET", f"/api/v1/organizations/{other.slug}/teams/ops/members", other).json()["members"]
    assert {m["user_id"]: m["role"] for m in members}[frank["user_id"]] == "member"
    assert len([u for u in users if u["email"] == "frank.miller@example.com"]) == 1  # the second sign-in made none

    # the identity cannot be smuggled in through the public API: only Prism's SSO sign-in may set it
    second = api(
        suite, "POST", f"/api/v1/organizations/{other.slug}/invitations", other, json={"email": "x@example.com"}
    ).json()
    token = parse_qs(urlsplit(second["url"]).query)["token"][0]
    smuggled = api(
        suite,
        "POST",
        "/api/v1/auth/invitations:accept",
        json={"token": token, "external": {"provider": "corp", "subject": "mallory", "email": "x@example.com"}},
    )
    assert smuggled.status_code == 403, smuggled.text
    path = f"/api/v1/organizations/{other.slug}/invitations/{second['invitation']['invitation_id']}"
    assert api(suite, "GET", path, other).json()["invitation"]["state"] == "PENDING"


def test_organization_sso_routes_people_by_email_and_makes_them_members(sso):
    suite, _, upstream = sso
    globex = mfa.create_enrolled_org(suite, "Globex")  # no platform organization: only its own SSO makes members
    provider = {
        "slug": "globex-idp",
        "label": "Globex SSO",
        "email_patterns": ["*@globex.example"],
        "client_id": upstream.client_id,
        "client_secret": upstream.client_secret,
        "authorization_endpoint": upstream.discovery["authorization_endpoint"],
        "token_endpoint": upstream.discovery["token_endpoint"],
        "jwks_uri": upstream.discovery["jwks_uri"],
        "scopes": "openid email profile",
    }
    created = api(suite, "POST", f"/api/v1/organizations/{globex.slug}/ssoProviders", globex, json=provider)
    assert created.status_code == 201, created.text
    with AppCallback() as callback, chromium() as driver:
        app = register_app(suite, globex, redirect_uris=[callback.url("/callback")])
        _authorize(driver, suite, globex.slug, app.client_id, callback.url("/callback"))
        assert _wait_for(driver, "#sso-globex-idp").text.strip() == "Globex SSO"  # its own provider first
        assert driver.find_elements(By.ID, "sso-corp")  # and the platform's
        _wait_for(driver, "#username").send_keys("gina.lee@globex.example")  # email first: no password
        driver.find_element(By.ID, "sign-in").click()
        login = _wait_for(driver, "input[name=login]")  # routed to Globex's provider, the address passed on
        assert login.get_attribute("value") == "gina.lee@globex.example"
        driver.find_element(By.CSS_SELECTOR, "input[name=password]").send_keys("any password")
        driver.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        _wait_for(driver, "input[name=prompt][value=consent]")
        driver.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        _wait_for(driver, "#approve").click()  # Prism's consent: a member now, no TOTP
        _wait_for(driver, "#app")
        assert parse_qs(urlsplit(_callbacks(callback)[-1]).query)["code"]
    users = api(suite, "GET", f"/api/v1/organizations/{globex.slug}/users", globex).json()["users"]
    gina = next(u for u in users if u["email"] == "gina.lee@globex.example")
    assert gina["kind"] == "external" and gina["provider"] == "globex-idp" and gina["display_name"] == "Gina Lee"
    succeeded = [e for e in _events(suite, globex, "gateway.login.succeeded") if e["details"].get("method") == "sso"]
    assert succeeded[0]["details"]["provider_scope"] == "organization" and succeeded[0]["details"]["created"]

    # the password API does not route: the external account has no password to give
    refused = api(
        suite,
        "POST",
        "/api/v1/auth/login",
        json={"org": globex.slug, "username": "gina.lee@globex.example", "password": "whatever-it-is"},
    )
    assert refused.status_code == 401  # external accounts have no password
