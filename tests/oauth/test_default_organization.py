"""Spec 002's single-tenant view: the default organization at the root, and organizations by host."""

from __future__ import annotations

import httpx

from tests.support.directory import OrgAdmin, login
from tests.support.oidc import CALLBACK, Browser, add_user, callback_params, pkce_pair, register_app


def test_root_endpoints_serve_the_default_organization(start_prism):
    suite = start_prism(extra_env={"PRISM_DEFAULT_ORGANIZATION": "acme"})
    created = httpx.post(
        f"{suite.base_url}/api/v1/organizations",
        json={"organization": {"display_name": "Acme"}, "admin_username": "root", "admin_password": "pw-acme-123456"},
        timeout=30,
    )
    assert created.status_code == 201, created.text
    admin = OrgAdmin(
        "acme",
        "root",
        "pw-acme-123456",
        created.json()["admin"]["user_id"],
        login(suite, "acme", "root", "pw-acme-123456"),
    )
    discovery = httpx.get(f"{suite.base_url}/.well-known/openid-configuration", timeout=30).json()
    assert discovery["issuer"] == "https://acme.id.prism.local"
    assert discovery["authorization_endpoint"] == f"{suite.base_url}/api/oauth/authorize"
    assert discovery["jwks_uri"] == f"{suite.base_url}/.well-known/jwks.json"
    jwks = httpx.get(discovery["jwks_uri"], timeout=30).json()
    assert jwks == httpx.get(f"{suite.base_url}/api/v1/organizations/acme/jwks", timeout=30).json()

    app = register_app(suite, admin, grant_types=["authorization_code", "client_credentials"])
    machine = httpx.post(
        discovery["token_endpoint"],
        data={"grant_type": "client_credentials"},
        auth=(app.client_id, app.client_secret),
        timeout=30,
    )
    assert machine.status_code == 200, machine.text

    username, password, user_id = add_user(suite, admin)
    browser = Browser(suite)
    verifier, challenge = pkce_pair()
    page = browser.get(
        "/api/oauth/authorize",
        response_type="code",
        client_id=app.client_id,
        redirect_uri=CALLBACK,
        scope="openid",
        code_challenge=challenge,
        code_challenge_method="S256",
    )
    page = browser.consent(browser.sign_in(page, username, password))
    code = callback_params(page)["code"]
    tokens = httpx.post(
        discovery["token_endpoint"],
        data={"grant_type": "authorization_code", "code": code, "redirect_uri": CALLBACK, "code_verifier": verifier},
        auth=(app.client_id, app.client_secret),
        timeout=30,
    )
    assert tokens.status_code == 200, tokens.text
    info = httpx.get(
        discovery["userinfo_endpoint"], headers={"authorization": f"Bearer {tokens.json()['access_token']}"}, timeout=30
    )
    assert info.json()["sub"] == user_id
    browser.close()


def test_path_issuer_style_makes_the_issuer_its_discovery_url(start_prism):
    suite = start_prism(extra_env={"PRISM_ISSUER_STYLE": "path"})
    created = httpx.post(
        f"{suite.base_url}/api/v1/organizations",
        json={"organization": {"display_name": "Beta"}, "admin_username": "root", "admin_password": "pw-beta-123456"},
        timeout=30,
    )
    assert created.status_code == 201, created.text
    issuer = f"{suite.base_url}/api/v1/organizations/beta"
    discovery = httpx.get(f"{issuer}/.well-known/openid-configuration", timeout=30).json()
    assert discovery["issuer"] == issuer
    assert discovery["token_endpoint"] == f"{issuer}/oauth/token"
