"""OAuth apps (clients) and the client_credentials grant at an organization's token endpoint."""

from __future__ import annotations

import base64
import json

import httpx
import pytest
from joserfc import jwt
from joserfc.jwk import KeySet

from tests.support.directory import api, create_org

CALLBACK = "https://app.example.com/callback"


def _app(suite, admin, **fields):
    body = {
        "display_name": "Billing",
        "redirect_uris": [CALLBACK],
        "grant_types": ["authorization_code", "refresh_token", "client_credentials"],
        "allowed_scopes": ["openid", "profile", "teams:read", "apps:read"],
        **fields,
    }
    created = api(suite, "POST", f"/api/v1/organizations/{admin.slug}/apps", admin, json=body)
    assert created.status_code == 201, created.text
    return created.json()


def _token(suite, slug: str, data: dict, auth=None) -> httpx.Response:
    return httpx.post(f"{suite.base_url}/api/v1/organizations/{slug}/oauth/token", data=data, auth=auth, timeout=20)


@pytest.mark.parametrize(
    ("uri", "accepted"),
    [
        ("https://app.example.com/callback", True),
        ("http://127.0.0.1:8765/callback", True),
        ("http://localhost/cb", True),
        ("com.example.app:/oauth2redirect", True),
        ("http://app.example.com/callback", False),
        ("https://app.example.com/*", False),
        ("https://app.example.com/cb#frag", False),
        ("/relative", False),
        ("javascript:alert(1)", False),
    ],
)
def test_redirect_uris_are_validated(suite, uri, accepted):
    admin = create_org(suite)
    answer = api(
        suite,
        "POST",
        f"/api/v1/organizations/{admin.slug}/apps",
        admin,
        json={"display_name": "X", "redirect_uris": [uri]},
    )
    assert (answer.status_code == 201) is accepted, answer.text
    if not accepted:
        assert answer.json()["error"]["field"] == "app.redirect_uris"


def test_app_lifecycle_with_secret_shown_once(suite):
    admin = create_org(suite)
    created = _app(suite, admin, oidc_fields=["teams"])
    app, secret = created["app"], created["client_secret"]
    assert secret.startswith("prism_cs_") and app["client_type"] == "CLIENT_TYPE_CONFIDENTIAL"
    name = app["name"]
    fetched = api(suite, "GET", f"/api/v1/{name}", admin).json()["app"]
    assert fetched == app and secret not in json.dumps(fetched)
    patched = api(
        suite,
        "PATCH",
        f"/api/v1/{name}",
        admin,
        params={"update_mask": "display_name,redirect_uris"},
        json={
            "display_name": "Billing 2",
            "redirect_uris": ["https://app.example.com/cb2"],
            "description": "ignored: not in the mask",
        },
    )
    assert patched.status_code == 200, patched.text
    assert patched.json()["app"]["display_name"] == "Billing 2"
    assert patched.json()["app"]["redirect_uris"] == ["https://app.example.com/cb2"]
    assert patched.json()["app"]["description"] == ""
    bad_mask = api(suite, "PATCH", f"/api/v1/{name}", admin, params={"update_mask": "client_id"}, json={})
    assert bad_mask.status_code == 400 and bad_mask.json()["error"]["field"] == "update_mask"
    rotated = api(suite, "POST", f"/api/v1/{name}:rotateSecret", admin, json={}).json()
    assert rotated["client_secret"] != secret
    old = _token(suite, admin.slug, {"grant_type": "client_credentials"}, auth=(app["client_id"], secret))
    assert old.status_code == 401 and old.json()["error"] == "invalid_client"
    assert (
        _token(
            suite, admin.slug, {"grant_type": "client_credentials"}, auth=(app["client_id"], rotated["client_secret"])
        ).status_code
        == 200
    )
    assert api(suite, "DELETE", f"/api/v1/{name}", admin).status_code == 200
    assert api(suite, "GET", f"/api/v1/{name}", admin).status_code == 404
    intruder = create_org(suite)
    assert api(suite, "GET", f"/api/v1/organizations/{admin.slug}/apps", intruder).status_code == 403


def test_client_credentials_issues_a_verifiable_token(suite):
    admin = create_org(suite)
    created = _app(suite, admin)
    client_id, secret = created["app"]["client_id"], created["client_secret"]
    basic = _token(
        suite, admin.slug, {"grant_type": "client_credentials", "scope": "teams:read"}, auth=(client_id, secret)
    )
    assert basic.status_code == 200, basic.text
    assert basic.headers["cache-control"] == "no-store"
    body = basic.json()
    assert set(body) == {"access_token", "token_type", "expires_in", "scope"}
    assert body["token_type"] == "Bearer" and body["expires_in"] == 3600 and body["scope"] == "teams:read"
    key_set = KeySet.import_key_set(httpx.get(f"{suite.base_url}/api/v1/organizations/{admin.slug}/jwks").json())
    decoded = jwt.decode(body["access_token"], key_set, algorithms=["RS256"])
    assert decoded.header["typ"] == "at+jwt"
    claims = decoded.claims
    assert claims["sub"] == client_id and claims["client_id"] == client_id and claims["org"] == admin.slug
    assert claims["iss"] == f"https://{admin.slug}.id.prism.local" and claims["scope"] == "teams:read"
    post = _token(
        suite, admin.slug, {"grant_type": "client_credentials", "client_id": client_id, "client_secret": secret}
    )
    assert post.status_code == 200
    assert post.json()["scope"] == "teams:read apps:read"  # everything allowed but user scopes


def test_client_credentials_errors(suite):
    admin = create_org(suite)
    created = _app(suite, admin)
    client_id, secret = created["app"]["client_id"], created["client_secret"]
    grant = {"grant_type": "client_credentials"}
    cases = [
        (_token(suite, admin.slug, grant, auth=(client_id, "wrong")), 401, "invalid_client"),
        (_token(suite, admin.slug, grant, auth=("nobody", secret)), 401, "invalid_client"),
        (_token(suite, admin.slug, grant), 401, "invalid_client"),
        (
            _token(suite, admin.slug, {**grant, "scope": "admin:users:read"}, auth=(client_id, secret)),
            400,
            "invalid_scope",
        ),
        (
            _token(suite, admin.slug, {"grant_type": "password"}, auth=(client_id, secret)),
            400,
            "unsupported_grant_type",
        ),
        (
            _token(suite, admin.slug, {**grant, "client_secret": secret}, auth=(client_id, secret)),
            400,
            "invalid_request",
        ),
        (_token(suite, create_org(suite).slug, grant, auth=(client_id, secret)), 401, "invalid_client"),
    ]
    for response, status, error in cases:
        assert response.status_code == status, response.text
        assert response.json()["error"] == error
        assert response.headers["cache-control"] == "no-store"
    assert cases[0][0].headers["www-authenticate"] == 'Basic realm="prism"'
    public = api(
        suite,
        "POST",
        f"/api/v1/organizations/{admin.slug}/apps",
        admin,
        json={"display_name": "SPA", "redirect_uris": [CALLBACK], "client_type": "CLIENT_TYPE_PUBLIC"},
    ).json()
    assert public["client_secret"] == ""
    no_grant = _token(suite, admin.slug, {**grant, "client_id": public["app"]["client_id"]})
    assert no_grant.status_code == 400 and no_grant.json()["error"] == "unauthorized_client"
    refused = api(
        suite,
        "POST",
        f"/api/v1/organizations/{admin.slug}/apps",
        admin,
        json={
            "display_name": "SPA",
            "redirect_uris": [CALLBACK],
            "client_type": "CLIENT_TYPE_PUBLIC",
            "grant_types": ["client_credentials"],
        },
    )
    assert refused.status_code == 400 and refused.json()["error"]["field"] == "app.grant_types"


def test_basic_credentials_are_form_decoded(suite):
    admin = create_org(suite)
    created = _app(suite, admin)
    client_id, secret = created["app"]["client_id"], created["client_secret"]
    encoded = base64.b64encode(f"{client_id}:{secret}".encode()).decode()
    answer = httpx.post(
        f"{suite.base_url}/api/v1/organizations/{admin.slug}/oauth/token",
        data={"grant_type": "client_credentials"},
        headers={"Authorization": f"Basic {encoded}"},
        timeout=20,
    )
    assert answer.status_code == 200, answer.text


def test_apps_cli_prints_the_secret_once_in_json(suite, tmp_path):
    import subprocess
    import sys

    admin = create_org(suite)
    env = {**suite.env, "PRISM_CONFIG_DIR": str(tmp_path), "PRISM_SERVER": suite.base_url}

    def prism(*args):
        result = subprocess.run(
            [sys.executable, "-m", "prism", *args], env=env, capture_output=True, text=True, timeout=60
        )
        assert result.returncode == 0, result.stderr
        return result.stdout

    prism("auth", "login", "--org", admin.slug, "--username", admin.username, "--password", admin.password)
    created = json.loads(
        prism(
            "--output",
            "json",
            "apps",
            "create",
            "--name",
            "Billing",
            "--redirect-uri",
            CALLBACK,
            "--grant-type",
            "client_credentials",
            "--grant-type",
            "authorization_code",
        )
    )
    client_id, secret = created["client_id"], created["client_secret"]
    assert secret.startswith("prism_cs_") and created["redirect_uris"] == [CALLBACK]
    shown = json.loads(prism("--output", "json", "apps", "get", client_id))
    assert "client_secret" not in shown and shown["display_name"] == "Billing"
    updated = json.loads(prism("--output", "json", "apps", "update", client_id, "--name", "Billing v2"))
    assert updated["display_name"] == "Billing v2" and updated["redirect_uris"] == [CALLBACK]
    rotated = json.loads(prism("--output", "json", "apps", "rotate-secret", client_id))["client_secret"]
    assert _token(suite, admin.slug, {"grant_type": "client_credentials"}, auth=(client_id, rotated)).status_code == 200
    listed = prism("apps", "list")
    assert client_id in listed and "Billing v2" in listed
    assert prism("apps", "delete", client_id).strip() == f"deleted app {client_id}"


def test_introspection_and_revocation(suite):
    admin, other = create_org(suite), create_org(suite)
    created = _app(suite, admin)
    client_id, secret = created["app"]["client_id"], created["client_secret"]
    token = _token(suite, admin.slug, {"grant_type": "client_credentials"}, auth=(client_id, secret)).json()[
        "access_token"
    ]

    def introspect(slug, value, auth=(client_id, secret)):
        return httpx.post(
            f"{suite.base_url}/api/v1/organizations/{slug}/oauth/introspect",
            data={"token": value},
            auth=auth,
            timeout=20,
        )

    active = introspect(admin.slug, token)
    assert active.status_code == 200 and active.headers["cache-control"] == "no-store"
    body = active.json()
    assert body["active"] is True and body["client_id"] == client_id and body["sub"] == client_id
    assert body["token_type"] == "Bearer" and body["org"] == admin.slug and isinstance(body["exp"], int)
    assert introspect(admin.slug, "garbage").json() == {"active": False}
    assert introspect(admin.slug, admin.token).json()["active"] is True  # any token of the organization
    # a token of org 1 is not active at org 2's endpoint (for org 2's own clients)
    other_app = _app(suite, other)
    foreign = introspect(other.slug, token, auth=(other_app["app"]["client_id"], other_app["client_secret"]))
    assert foreign.json() == {"active": False}
    assert introspect(admin.slug, token, auth=(client_id, "wrong")).status_code == 401

    # only the client the token was issued to revokes it; RFC 7009 answers 200 regardless
    second = _app(suite, admin)
    revoke = f"{suite.base_url}/api/v1/organizations/{admin.slug}/oauth/revoke"
    by_other = httpx.post(
        revoke, data={"token": token}, auth=(second["app"]["client_id"], second["client_secret"]), timeout=20
    )
    assert by_other.status_code == 200 and introspect(admin.slug, token).json()["active"] is True
    revoked = httpx.post(revoke, data={"token": token}, auth=(client_id, secret), timeout=20)
    assert revoked.status_code == 200 and revoked.content == b""
    assert introspect(admin.slug, token).json() == {"active": False}
    assert httpx.post(revoke, data={"token": token}, auth=(client_id, secret), timeout=20).status_code == 200
    assert httpx.post(revoke, data={"token": "garbage"}, auth=(client_id, secret), timeout=20).status_code == 200
    missing = httpx.post(revoke, data={}, auth=(client_id, secret), timeout=20)
    assert missing.status_code == 400 and missing.json()["error"] == "invalid_request"
