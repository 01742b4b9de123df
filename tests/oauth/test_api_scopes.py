"""Prism's API as a resource server for apps' access tokens (spec 002's scope table, RFC 6750).

For every scope whose endpoints exist on this branch, a real app token obtained by the code flow
with `openid <scope>` opens that scope's endpoints, and one endpoint of a neighbouring scope answers
403 with `WWW-Authenticate: Bearer error="insufficient_scope", scope="<the scope it needs>"`.
Then: methods no scope opens, the role rule still applying to app tokens, consent refusing admin:*
to a non-admin, and the CLI's own tokens keeping their full rights.
(The scopes of the domains and webhooks work: test_api_scopes_later.py.)
"""

from __future__ import annotations

import uuid

import httpx
import pytest

from tests.support.oidc import Browser, callback_params, code_flow, pkce_pair, redeem
from tests.support.scopes import ScopesWorld, assert_answers, assert_insufficient_scope


def _me(w: ScopesWorld) -> str:
    return f"/users/{w.admin.user_id}"


def profile(w: ScopesWorld, scope: str) -> None:
    me = assert_answers(w.call(scope, "GET", _me(w)))["user"]
    assert me["user_id"] == w.admin.user_id and me["username"] == "root"
    assert_insufficient_scope(w.call(scope, "PATCH", f"{_me(w)}/profile", json={"display_name": "X"}), "profile:write")
    assert_insufficient_scope(w.call(scope, "GET", f"/users/{w.user[2]}"), "admin:users:read")  # someone else


def profile_write(w: ScopesWorld, scope: str) -> None:
    changed = assert_answers(w.call(scope, "PATCH", f"{_me(w)}/profile", json={"display_name": "Root Admin"}))
    assert changed["user"]["display_name"] == "Root Admin"
    assert w.cli("GET", _me(w)).json()["user"]["display_name"] == "Root Admin"
    assert_insufficient_scope(w.call(scope, "GET", _me(w)), "profile")


def apps_read(w: ScopesWorld, scope: str) -> None:
    listed = assert_answers(w.call(scope, "GET", "/apps"))["apps"]
    assert w.app.client_id in {a["client_id"] for a in listed}
    assert assert_answers(w.call(scope, "GET", f"/apps/{w.app.client_id}"))["app"]["display_name"] == "Scoped"
    assert_insufficient_scope(w.call(scope, "POST", "/apps", json={"display_name": "No"}), "apps:write")


def apps_write(w: ScopesWorld, scope: str) -> None:
    body = {"display_name": "Made by an app", "redirect_uris": ["https://made.example.com/cb"]}
    created = assert_answers(w.call(scope, "POST", "/apps", json=body), 201)
    name = f"/apps/{created['app']['client_id']}"
    assert created["client_secret"]
    patched = w.call(scope, "PATCH", name, params={"update_mask": "description"}, json={"description": "d"})
    assert assert_answers(patched)["app"]["description"] == "d"
    assert assert_answers(w.call(scope, "POST", f"{name}:rotateSecret", json={}))["client_secret"]
    assert_answers(w.call(scope, "DELETE", name))
    assert w.cli("GET", name).status_code == 404
    assert_insufficient_scope(w.call(scope, "GET", "/apps"), "apps:read")


def teams_read(w: ScopesWorld, scope: str) -> None:
    team = w.new_team()
    assert team in {t["team_id"] for t in assert_answers(w.call(scope, "GET", "/teams"))["teams"]}
    assert assert_answers(w.call(scope, "GET", f"/teams/{team}"))["team"]["team_id"] == team
    members = assert_answers(w.call(scope, "GET", f"/teams/{team}/members"))["members"]
    assert [m["user_id"] for m in members] == [w.admin.user_id]
    added = w.call(scope, "POST", f"/teams/{team}/members", json={"user_id": w.user[2]})
    assert_insufficient_scope(added, "teams:write")


def teams_write(w: ScopesWorld, scope: str) -> None:
    team = w.new_team()
    assert_answers(w.call(scope, "POST", f"/teams/{team}/members", json={"user_id": w.user[2]}))
    assert len(w.cli("GET", f"/teams/{team}/members").json()["members"]) == 2
    assert_answers(w.call(scope, "DELETE", f"/teams/{team}/members/{w.user[2]}"))
    assert len(w.cli("GET", f"/teams/{team}/members").json()["members"]) == 1
    assert_insufficient_scope(w.call(scope, "GET", f"/teams/{team}"), "teams:read")


def teams_create(w: ScopesWorld, scope: str) -> None:
    team = f"t{uuid.uuid4().hex[:8]}"
    assert_answers(w.call(scope, "POST", "/teams", json={"team_id": team}), 201)
    assert w.cli("GET", f"/teams/{team}").status_code == 200
    assert_insufficient_scope(w.call(scope, "DELETE", f"/teams/{team}"), "teams:delete")


def teams_delete(w: ScopesWorld, scope: str) -> None:
    team = w.new_team()
    assert_answers(w.call(scope, "DELETE", f"/teams/{team}"))
    assert w.cli("GET", f"/teams/{team}").status_code == 404
    assert_insufficient_scope(w.call(scope, "POST", "/teams", json={"team_id": "nope"}), "teams:create")


def admin_users_read(w: ScopesWorld, scope: str) -> None:
    listed = assert_answers(w.call(scope, "GET", "/users"))["users"]
    assert {w.admin.user_id, w.user[2]} <= {u["user_id"] for u in listed}
    assert assert_answers(w.call(scope, "GET", f"/users/{w.user[2]}"))["user"]["user_id"] == w.user[2]
    body = {"username": "nobody", "password": "pw-long-enough-1"}
    assert_insufficient_scope(w.call(scope, "POST", "/users", json=body), "admin:users:write")
    assert_insufficient_scope(w.call(scope, "GET", _me(w)), "profile")  # oneself is the profile scope's


def admin_users_write(w: ScopesWorld, scope: str) -> None:
    username = f"u{uuid.uuid4().hex[:8]}"
    body = {"username": username, "password": f"pw-{uuid.uuid4().hex}", "email": f"{username}@example.com"}
    user_id = assert_answers(w.call(scope, "POST", "/users", json=body), 201)["user"]["user_id"]
    name = f"/users/{user_id}"
    changed = w.call(scope, "PATCH", name, params={"update_mask": "display_name"}, json={"display_name": "Bob"})
    assert assert_answers(changed)["user"]["display_name"] == "Bob"
    assert_answers(w.call(scope, "POST", f"{name}:unlock", json={}))
    assert_answers(w.call(scope, "POST", f"{name}:resetMfa", json={}))
    assert_insufficient_scope(w.call(scope, "DELETE", name), "admin:users:delete")


def admin_users_delete(w: ScopesWorld, scope: str) -> None:
    user_id = w.new_user()
    assert_answers(w.call(scope, "DELETE", f"/users/{user_id}"))
    assert w.cli("GET", f"/users/{user_id}").status_code == 404
    assert_insufficient_scope(w.call(scope, "GET", "/users"), "admin:users:read")


def admin_config_read(w: ScopesWorld, scope: str) -> None:
    assert assert_answers(w.call(scope, "GET", "/api/v1/siteSettings"))["settings"]["name"] == "siteSettings"
    patched = w.call(scope, "PATCH", "/api/v1/siteSettings", params={"update_mask": "invitation_ttl_hours"}, json={})
    assert_insufficient_scope(patched, "admin:config:write")


def admin_config_write(w: ScopesWorld, scope: str) -> None:
    patched = w.call(
        scope,
        "PATCH",
        "/api/v1/siteSettings",
        params={"update_mask": "invitation_ttl_hours"},
        json={"invitation_ttl_hours": 100},
    )
    assert assert_answers(patched)["settings"]["invitation_ttl_hours"] == 100
    assert w.cli("GET", "/api/v1/siteSettings").json()["settings"]["invitation_ttl_hours"] == 100
    assert_insufficient_scope(w.call(scope, "GET", "/api/v1/siteSettings"), "admin:config:read")


def _invite(w: ScopesWorld) -> str:
    body = {"email": f"{uuid.uuid4().hex[:8]}@example.com"}
    return w.cli("POST", "/invitations", json=body).json()["invitation"]["invitation_id"]


def admin_invites_read(w: ScopesWorld, scope: str) -> None:
    invitation = _invite(w)
    listed = assert_answers(w.call(scope, "GET", "/invitations"))["invitations"]
    assert invitation in {i["invitation_id"] for i in listed}
    fetched = assert_answers(w.call(scope, "GET", f"/invitations/{invitation}"))["invitation"]
    assert fetched["invitation_id"] == invitation
    created = w.call(scope, "POST", "/invitations", json={"email": "x@example.com"})
    assert_insufficient_scope(created, "admin:invites:create")


def admin_invites_create(w: ScopesWorld, scope: str) -> None:
    created = assert_answers(w.call(scope, "POST", "/invitations", json={"email": "new@example.com"}), 201)
    assert created["url"] and created["invitation"]["state"] == "PENDING"
    name = f"/invitations/{created['invitation']['invitation_id']}"
    assert_insufficient_scope(w.call(scope, "DELETE", name), "admin:invites:delete")


def admin_invites_delete(w: ScopesWorld, scope: str) -> None:
    invitation = _invite(w)
    assert_answers(w.call(scope, "DELETE", f"/invitations/{invitation}"))
    assert w.cli("GET", f"/invitations/{invitation}").json()["invitation"]["state"] == "REVOKED"
    assert_insufficient_scope(w.call(scope, "GET", "/invitations"), "admin:invites:read")


CASES = {
    "profile": profile,
    "profile:write": profile_write,
    "apps:read": apps_read,
    "apps:write": apps_write,
    "teams:read": teams_read,
    "teams:write": teams_write,
    "teams:create": teams_create,
    "teams:delete": teams_delete,
    "admin:users:read": admin_users_read,
    "admin:users:write": admin_users_write,
    "admin:users:delete": admin_users_delete,
    "admin:config:read": admin_config_read,
    "admin:config:write": admin_config_write,
    "admin:invites:read": admin_invites_read,
    "admin:invites:create": admin_invites_create,
    "admin:invites:delete": admin_invites_delete,
}


@pytest.mark.parametrize("scope", list(CASES))
def test_a_scope_opens_its_endpoints_and_not_its_neighbours(scopes_world, scope):
    CASES[scope](scopes_world, scope)


def test_methods_no_scope_opens_are_refused_to_app_tokens_whatever_their_scopes(scopes_world):
    w = scopes_world
    everything = " ".join(sorted(CASES))
    for method, path in (("GET", ""), ("GET", "/projects"), ("GET", "/keys"), ("GET", "/ssoProviders")):
        refused = w.call(everything, method, path)
        assert refused.status_code == 403, refused.text
        assert "no scope opens it" in refused.json()["error"]["message"]
        assert refused.json()["error"]["reason"] == "DENIED" and "scope=" not in refused.headers["www-authenticate"]
        assert w.cli(method, path).status_code == 200  # the CLI's token: the admin's full rights
    factors = w.call(everything, "GET", f"{_me(w)}/factors")  # second factors: no scope gives them to an app
    assert factors.status_code == 403 and "GetUserFactors" in factors.json()["error"]["message"]


def test_an_app_token_never_exceeds_its_user_and_stays_in_its_organization(scopes_world):
    w = scopes_world
    username, password, user_id = w.user
    browser = Browser(w.suite)
    try:
        result = code_flow(w.suite, browser, w.app, username, password, scope="openid profile apps:read teams:read")
        token = redeem(w.suite, w.app, result["code"], result["verifier"]).json()["access_token"]
    finally:
        browser.close()
    headers = {"authorization": f"Bearer {token}"}

    def get(path: str) -> httpx.Response:
        return httpx.get(f"{w.suite.base_url}{path}", headers=headers, timeout=20)

    assert get(f"{w.base}/users/{user_id}").json()["user"]["username"] == username
    refused = get(f"{w.base}/apps")  # apps:read granted, but apps are for admins: the role rule refuses
    assert refused.status_code == 403 and refused.json()["error"]["reason"] == "DENIED", refused.text
    assert "admin" in refused.json()["error"]["message"] and "scope=" not in refused.headers["www-authenticate"]
    assert get(f"{w.base}/teams").status_code == 200
    # an admin's app token with every scope still cannot act in another organization
    elsewhere = w.call(" ".join(sorted(CASES)), "GET", f"/api/v1/organizations/{w.other.slug}/users")
    assert elsewhere.status_code == 403 and "another organization" in elsewhere.json()["error"]["message"]
    # nor change another person's profile, even the admin (the profile is its owner's alone)
    other = w.call("profile:write", "PATCH", f"/users/{user_id}/profile", json={"display_name": "Hacked"})
    assert other.status_code == 403 and other.json()["error"]["reason"] == "DENIED"
    assert w.cli("PATCH", f"/users/{user_id}/profile", json={"display_name": "Hacked"}).status_code == 403


def test_consent_refuses_admin_scopes_to_a_non_admin(scopes_world):
    w = scopes_world
    username, password, _ = w.user
    browser = Browser(w.suite)
    try:
        verifier, challenge = pkce_pair()
        page = browser.authorize(
            w.app,
            scope="openid profile admin:users:read admin:invites:create",
            state="s1",
            code_challenge=challenge,
            code_challenge_method="S256",
        )
        refused = callback_params(browser.sign_in(page, username, password))
        assert refused["error"] == "access_denied" and refused["state"] == "s1"
        assert "admin:invites:create admin:users:read" in refused["error_description"]
        assert "only an admin" in refused["error_description"]
        # without admin scopes, the same person is asked for consent as usual
        fine = browser.authorize(
            w.app,
            scope="openid profile",
            state="s2",
            prompt="consent",
            code_challenge=challenge,
            code_challenge_method="S256",
        )
        assert "code" in callback_params(browser.consent(fine))
    finally:
        browser.close()


def test_bad_tokens_get_invalid_token(scopes_world):
    w = scopes_world
    bad = httpx.get(f"{w.suite.base_url}{w.base}/users", headers={"authorization": "Bearer nope"}, timeout=20)
    assert bad.status_code == 401 and bad.headers["www-authenticate"].startswith('Bearer error="invalid_token"')
    assert bad.json()["error"]["status"] == "UNAUTHENTICATED"
