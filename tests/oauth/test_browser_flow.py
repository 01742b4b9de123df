"""A person in real headless Chromium and a real OIDC client library (authlib), from discovery to logout.

An admin registers the app on the Apps page (Apps → New Application, spec 002), a user signs in
and consents on Prism's pages, and authlib's OAuth2Client does everything an app does: discovery,
PKCE, the code exchange, ID token validation against the JWKS, UserInfo, refresh, revocation,
and RP-initiated logout.
"""

from __future__ import annotations

import secrets
from urllib.parse import parse_qs, urlencode, urlsplit

import httpx
from authlib.integrations.httpx_client import OAuth2Client
from authlib.oauth2.rfc7636 import create_s256_code_challenge
from joserfc import jwt
from joserfc.jwk import KeySet
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

from tests.support.chromium import AppCallback, chromium
from tests.support.directory import create_org
from tests.support.oidc import add_user


def _wait_for(driver, css: str):
    return WebDriverWait(driver, 30).until(expected_conditions.presence_of_element_located((By.CSS_SELECTOR, css)))


def _sign_in(driver, username: str, password: str) -> None:
    _wait_for(driver, "#username").clear()
    driver.find_element(By.ID, "username").send_keys(username)
    driver.find_element(By.ID, "password").send_keys(password)
    driver.find_element(By.ID, "sign-in").click()


def _register_on_apps_page(driver, suite, admin, app_callback: AppCallback) -> tuple[str, str]:
    driver.get(f"{suite.base_url}/apps?org={admin.slug}")
    _sign_in(driver, admin.username, admin.password)  # the page sends people who are not signed in here first
    _wait_for(driver, "#new-app-form")
    assert driver.find_element(By.ID, "user").text == admin.username
    driver.find_element(By.ID, "display_name").send_keys("Expense Tracker")
    driver.find_element(By.ID, "description").send_keys("Tracks team expenses")
    driver.find_element(By.ID, "redirect_uris").send_keys(app_callback.url("/callback"))
    driver.find_element(By.ID, "post_logout_redirect_uris").send_keys(app_callback.url("/signed-out"))
    teams = driver.find_element(By.ID, "scope-teams-read")
    if not teams.is_selected():
        teams.click()
    driver.find_element(By.ID, "oidc_fields").send_keys("teams")
    driver.find_element(By.ID, "create-app").click()
    client_id = _wait_for(driver, "#client-id").text.strip()
    client_secret = driver.find_element(By.ID, "client-secret").text.strip()
    assert client_secret.startswith("prism_cs_")
    driver.find_element(By.ID, "back").click()
    _wait_for(driver, "#apps")
    assert client_id in driver.find_element(By.ID, "apps").text
    assert client_secret not in driver.page_source  # shown once
    return client_id, client_secret


def test_authlib_client_and_chromium_from_discovery_to_logout(suite):
    admin = create_org(suite)
    username, password, user_id = add_user(suite, admin, display_name="Dana Doe")
    base = f"{suite.base_url}/api/v1/organizations/{admin.slug}"
    metadata = httpx.get(f"{base}/.well-known/openid-configuration", timeout=30).json()
    jwks = KeySet.import_key_set(httpx.get(metadata["jwks_uri"], timeout=30).json())

    with AppCallback() as app_callback, chromium() as driver:
        client_id, client_secret = _register_on_apps_page(driver, suite, admin, app_callback)
        driver.delete_all_cookies()  # the admin leaves; the user arrives in a fresh browser
        driver.get(f"{suite.base_url}/healthz")
        driver.delete_all_cookies()

        client = OAuth2Client(
            client_id=client_id,
            client_secret=client_secret,
            scope="openid profile email offline_access teams:read",
            redirect_uri=app_callback.url("/callback"),
            code_challenge_method="S256",
            token_endpoint_auth_method="client_secret_basic",
            timeout=30,
        )
        verifier = secrets.token_urlsafe(48)
        nonce = secrets.token_urlsafe(12)
        url, state = client.create_authorization_url(
            metadata["authorization_endpoint"], code_verifier=verifier, nonce=nonce
        )
        assert f"code_challenge={create_s256_code_challenge(verifier)}" in url

        driver.get(url)
        _sign_in(driver, username, password)
        _wait_for(driver, "#approve")
        assert driver.find_element(By.ID, "app-name").text == "Expense Tracker"
        scopes_text = driver.find_element(By.ID, "scopes").text
        assert "teams:read" in scopes_text and "offline_access" in scopes_text
        driver.find_element(By.ID, "approve").click()
        WebDriverWait(driver, 30).until(lambda d: d.current_url.startswith(app_callback.url("/callback")))
        callback_url = driver.current_url
        returned = {k: v[0] for k, v in parse_qs(urlsplit(callback_url).query).items()}
        assert returned["state"] == state and returned["iss"] == metadata["issuer"]

        token = client.fetch_token(
            metadata["token_endpoint"], authorization_response=callback_url, code_verifier=verifier
        )
        assert token["token_type"] == "Bearer" and token["refresh_token"]
        id_token = jwt.decode(token["id_token"], jwks, algorithms=metadata["id_token_signing_alg_values_supported"])
        jwt.JWTClaimsRegistry(
            iss={"essential": True, "value": metadata["issuer"]},
            aud={"essential": True, "value": client_id},
            nonce={"essential": True, "value": nonce},
            sub={"essential": True, "value": user_id},
            exp={"essential": True},
        ).validate(id_token.claims)
        claims = id_token.claims
        assert claims["name"] == "Dana Doe" and claims["role"] == "user" and claims["teams"] == []

        userinfo = client.get(metadata["userinfo_endpoint"])
        assert userinfo.status_code == 200 and userinfo.json()["preferred_username"] == username

        refreshed = client.refresh_token(metadata["token_endpoint"], refresh_token=token["refresh_token"])
        assert refreshed["refresh_token"] != token["refresh_token"]
        assert refreshed["access_token"] != token["access_token"]

        revoked = client.revoke_token(metadata["revocation_endpoint"], token=refreshed["refresh_token"])
        assert revoked.status_code == 200
        introspected = client.introspect_token(metadata["introspection_endpoint"], token=refreshed["refresh_token"])
        assert introspected.json() == {"active": False}

        # the consent is remembered: a second sign-in in the same browser goes straight back
        url, _ = client.create_authorization_url(
            metadata["authorization_endpoint"], code_verifier=secrets.token_urlsafe(48), nonce="n2"
        )
        driver.get(url)
        WebDriverWait(driver, 30).until(lambda d: d.current_url.startswith(app_callback.url("/callback")))
        assert "code=" in driver.current_url

        logout = (
            metadata["end_session_endpoint"]
            + "?"
            + urlencode(
                {
                    "id_token_hint": token["id_token"],
                    "post_logout_redirect_uri": app_callback.url("/signed-out"),
                    "state": "bye",
                }
            )
        )
        driver.get(logout)
        WebDriverWait(driver, 30).until(lambda d: d.current_url.startswith(app_callback.url("/signed-out")))
        assert app_callback.url("/signed-out?state=bye") in app_callback.hits

        driver.get(url)  # signed out: the sign-in page again
        _wait_for(driver, "#password")
        assert driver.title.startswith("Sign in")
