"""The authorization code flow against the running suite: every rule a client or an attacker meets.

The pages are followed by a cookie-keeping HTTP user agent (tests/support/oidc.py); the Chromium
tests (test_browser_flow.py) drive the same pages in a real browser.
"""

from __future__ import annotations

import time
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from tests.support.oidc import (
    CALLBACK,
    ERROR_CODE,
    LOGOUT_TARGET,
    callback_params,
    claims_of,
    code_flow,
    pkce_pair,
    redeem,
    register_app,
    s256,
)


def test_consent_is_skipped_on_repeat_and_asked_again_for_new_scopes(suite, world):
    admin, app, (username, password, _), browser = world
    first = code_flow(suite, browser, app, username, password, scope="openid profile")
    assert redeem(suite, app, first["code"], first["verifier"]).status_code == 200
    verifier, challenge = pkce_pair()
    again = browser.authorize(
        app, scope="openid profile", state="s2", code_challenge=challenge, code_challenge_method="S256"
    )
    assert "code" in callback_params(again)  # signed in and consented: straight back to the app
    wider = browser.authorize(
        app, scope="openid profile email", state="s3", code_challenge=challenge, code_challenge_method="S256"
    )
    assert wider.status_code == 200 and 'id="approve"' in wider.text and "email" in wider.text
    forced = browser.authorize(
        app, scope="openid profile", prompt="consent", code_challenge=challenge, code_challenge_method="S256"
    )
    assert 'id="approve"' in forced.text
    denied = callback_params(browser.consent(forced, "deny"))
    assert denied["error"] == "access_denied" and denied["iss"].endswith(".id.prism.local")


def test_pkce_missing_wrong_or_plain_is_refused(suite, world):
    admin, app, (username, password, _), browser = world
    public = register_app(suite, admin, client_type="CLIENT_TYPE_PUBLIC", display_name="SPA")
    plain = browser.authorize(public, scope="openid", state="x", code_challenge="a" * 43, code_challenge_method="plain")
    refused = callback_params(plain)
    assert refused["error"] == "invalid_request" and "S256" in refused["error_description"]
    assert refused["state"] == "x"
    missing = callback_params(browser.authorize(public, scope="openid", state="y"))
    assert missing["error"] == "invalid_request" and "PKCE" in missing["error_description"]
    result = code_flow(suite, browser, public, username, password, scope="openid")
    no_verifier = redeem(suite, public, result["code"], "")
    assert no_verifier.status_code == 400 and no_verifier.json()["error"] == "invalid_grant"
    wrong = redeem(suite, public, result["code"], pkce_pair()[0])
    assert wrong.status_code == 400 and "code_verifier" in wrong.json()["error_description"]
    right = redeem(suite, public, result["code"], result["verifier"])  # failed checks did not burn the code
    assert right.status_code == 200, right.text
    assert "refresh_token" not in right.json() or right.json()["refresh_token"]


@pytest.mark.parametrize(
    "variant",
    [
        CALLBACK + "/",
        "https://app.example.com:8443/callback",
        CALLBACK + "/extra",
        CALLBACK + "?next=/admin",
        "https://APP.example.com/callback",
        "https://evil.example.com/callback",
        "http://app.example.com/callback",
    ],
)
def test_redirect_uri_variants_are_refused_on_an_error_page(suite, world, variant):
    _, app, _, browser = world
    page = browser.authorize(app, scope="openid", redirect_uri=variant, **s256())
    assert page.status_code == 400 and "location" not in page.headers
    assert page.headers["content-type"].startswith("text/html")
    assert "not registered" in page.text and "evil" not in page.headers.get("location", "")


def test_unknown_client_is_shown_an_error_page_not_redirected(suite, world):
    _, app, _, browser = world
    page = browser.get(
        f"/api/v1/organizations/{app.slug}/oauth/authorize",
        response_type="code",
        client_id="nope",
        redirect_uri=CALLBACK,
        scope="openid",
    )
    assert page.status_code == 400 and "location" not in page.headers
    assert ERROR_CODE.search(page.text).group(1) == "invalid_request"


def test_errors_after_the_redirect_uri_is_known_go_back_to_the_app(suite, world):
    _, app, _, browser = world
    bad_scope = callback_params(browser.authorize(app, scope="openid admin:nope", state="z"))
    assert bad_scope["error"] == "invalid_scope" and bad_scope["state"] == "z"
    token_flow = callback_params(browser.authorize(app, scope="openid", response_type="token", state="z"))
    assert token_flow["error"] == "unsupported_response_type"


def test_prompt_none_without_a_session_answers_login_required(suite, world):
    _, app, (username, password, _), browser = world
    answer = callback_params(browser.authorize(app, scope="openid", prompt="none", state="p"))
    assert answer["error"] == "login_required" and answer["state"] == "p"
    code_flow(suite, browser, app, username, password, scope="openid")
    silent = callback_params(browser.authorize(app, scope="openid", prompt="none", **s256()))
    assert "code" in silent  # signed in and consented: no page at all
    unconsented = callback_params(browser.authorize(app, scope="openid email", prompt="none"))
    assert unconsented["error"] == "consent_required"


def test_max_age_and_prompt_login_ask_for_the_password_again(suite, world):
    _, app, (username, password, _), browser = world
    first = code_flow(suite, browser, app, username, password, scope="openid")
    first_auth = claims_of(redeem(suite, app, first["code"], first["verifier"]).json()["id_token"])["auth_time"]
    fresh_enough = browser.authorize(app, scope="openid", max_age="3600", **s256())
    assert "code" in callback_params(fresh_enough)
    time.sleep(1.1)
    page = browser.authorize(app, scope="openid", max_age="0", **s256())
    assert page.status_code == 200 and 'id="password"' in page.text
    again = code_flow(suite, browser, app, username, password, scope="openid", max_age="0")
    second_auth = claims_of(redeem(suite, app, again["code"], again["verifier"]).json()["id_token"])["auth_time"]
    assert second_auth > first_auth
    login = browser.authorize(app, scope="openid", prompt="login", **s256())
    assert 'id="password"' in login.text
    bad = callback_params(browser.authorize(app, scope="openid", max_age="soon"))
    assert bad["error"] == "invalid_request"


def test_wrong_password_shows_the_page_again_without_saying_which_part_was_wrong(suite, world):
    _, app, (username, _, _), browser = world
    page = browser.authorize(app, scope="openid", login_hint=username, **s256())
    assert f'value="{username}"' in page.text  # login_hint fills the username
    again = browser.sign_in(page, username, "wrong")
    assert again.status_code == 401 and "Invalid username or password" in again.text
    assert "prism_session" not in again.headers.get("set-cookie", "")
    forged = browser.client.post(
        f"/login?org={app.slug}", data={"request": "x", "csrf": "forged", "username": username, "password": "p"}
    )
    assert forged.status_code == 403 and "did not come from this site" in forged.text
    unknown = browser.get("/login", org="no-such-org")
    assert unknown.status_code == 404 and unknown.headers["content-type"].startswith("text/html")


def test_end_session_signs_out_and_returns_to_a_registered_uri_only(suite, world):
    _, app, (username, password, _), browser = world
    result = code_flow(suite, browser, app, username, password, scope="openid")
    id_token = redeem(suite, app, result["code"], result["verifier"]).json()["id_token"]
    url = f"/api/v1/organizations/{app.slug}/oauth/end_session"
    elsewhere = browser.get(url, id_token_hint=id_token, post_logout_redirect_uri="https://evil.example.com/")
    assert elsewhere.status_code == 400 and "not registered" in elsewhere.text
    out = browser.get(url, id_token_hint=id_token, post_logout_redirect_uri=LOGOUT_TARGET, state="bye")
    assert out.status_code == 302
    assert parse_qs(urlsplit(out.headers["location"]).query) == {"state": ["bye"]}
    assert out.headers["location"].startswith(LOGOUT_TARGET)
    page = browser.authorize(app, scope="openid", **s256())
    assert 'id="password"' in page.text  # the session is over


def test_discovery_per_organization_and_at_the_root(suite, world):
    _, app, _, _ = world
    base = f"{suite.base_url}/api/v1/organizations/{app.slug}"
    document = httpx.get(f"{base}/.well-known/openid-configuration", timeout=30).json()
    assert document["issuer"] == f"https://{app.slug}.id.prism.local"
    assert document["authorization_endpoint"] == f"{base}/oauth/authorize"
    assert document["token_endpoint"] == f"{base}/oauth/token"
    assert document["jwks_uri"] == f"{base}/jwks"
    assert document["code_challenge_methods_supported"] == ["S256"]
    assert document["response_types_supported"] == ["code"]
    assert {"client_secret_basic", "client_secret_post", "none"} <= set(
        document["token_endpoint_auth_methods_supported"]
    )
    assert {"openid", "offline_access", "teams:read"} <= set(document["scopes_supported"])
    assert document["id_token_signing_alg_values_supported"] == ["RS256"]
    assert (
        httpx.get(f"{suite.base_url}/api/v1/organizations/no-such-org/.well-known/openid-configuration").status_code
        == 404
    )
    root = httpx.get(f"{suite.base_url}/.well-known/openid-configuration", timeout=30)
    assert root.status_code == 404 and root.json()["error"]["reason"] == "NO_DEFAULT_ORGANIZATION"
    by_host = httpx.get(
        f"{suite.base_url}/.well-known/openid-configuration", headers={"host": f"{app.slug}.id.prism.local"}
    ).json()
    assert by_host["issuer"] == document["issuer"]
    assert by_host["token_endpoint"] == f"https://{app.slug}.id.prism.local/api/oauth/token"
