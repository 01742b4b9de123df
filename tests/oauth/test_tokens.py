"""Tokens of the code flow: what they carry, single use, rotation and revocation, tenant isolation."""

from __future__ import annotations

import base64
import json
import time
from concurrent.futures import ThreadPoolExecutor

import grpc
import httpx

from prism.authz.v1 import authz_pb2, authz_pb2_grpc
from tests.support.directory import api, create_org, internal_metadata
from tests.support.oidc import (
    CALLBACK,
    Browser,
    callback_params,
    claims_of,
    code_flow,
    introspect,
    pkce_pair,
    redeem,
    register_app,
    s256,
    token_request,
)


def test_code_flow_issues_tokens_with_standard_claims(suite, world):
    admin, app, (username, password, user_id), browser = world
    team = api(suite, "POST", f"/api/v1/organizations/{admin.slug}/teams", admin, json={"team_id": "ops"})
    assert team.status_code == 201, team.text
    member = api(
        suite,
        "POST",
        f"/api/v1/organizations/{admin.slug}/teams/ops/members",
        admin,
        json={"user_id": user_id, "role": "owner"},
    )
    assert member.status_code in (200, 201), member.text
    result = code_flow(suite, browser, app, username, password, scope="openid profile email offline_access teams:read")
    assert result["state"] == result["sent_state"]
    issuer = f"https://{app.slug}.id.prism.local"
    assert result["iss"] == issuer  # RFC 9207
    answer = redeem(suite, app, result["code"], result["verifier"])
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert answer.headers["cache-control"] == "no-store"
    assert set(body) == {"access_token", "token_type", "expires_in", "refresh_token", "id_token", "scope"}
    assert body["token_type"] == "Bearer" and body["expires_in"] == 3600
    assert body["scope"] == "openid profile email offline_access teams:read"
    header = json.loads(base64.urlsafe_b64decode(body["access_token"].split(".")[0] + "=="))
    assert header["typ"] == "at+jwt"
    id_token = claims_of(body["id_token"])
    assert id_token["iss"] == issuer and id_token["sub"] == user_id and id_token["aud"] == app.client_id
    assert id_token["nonce"] == result["sent_nonce"]
    assert id_token["role"] == "user" and id_token["name"] == "Alice Example"
    assert id_token["preferred_username"] == username and id_token["email"] == f"{username}@example.com"
    assert abs(id_token["auth_time"] - time.time()) < 120 and id_token["exp"] > id_token["iat"]
    assert id_token["teams"] == [{"id": "ops", "name": "ops", "role": "owner"}]
    assert id_token["in_team_ops"] is True and id_token["role_in_team_ops"] == "owner"
    assert "apps" not in id_token  # apps:read was not granted
    access = claims_of(body["access_token"])
    assert access["client_id"] == app.client_id and access["sub"] == user_id and access["org"] == app.slug
    userinfo = httpx.get(
        f"{suite.base_url}/api/v1/organizations/{app.slug}/oauth/userinfo",
        headers={"authorization": f"Bearer {body['access_token']}"},
        timeout=30,
    )
    assert userinfo.status_code == 200, userinfo.text
    info = userinfo.json()
    assert info["sub"] == user_id and info["name"] == "Alice Example" and info["email_verified"] is False
    assert info["in_team_ops"] is True


def test_code_is_single_use_and_a_replay_revokes_what_it_issued(suite, world):
    _, app, (username, password, _), browser = world
    result = code_flow(suite, browser, app, username, password)
    first = redeem(suite, app, result["code"], result["verifier"])
    assert first.status_code == 200
    tokens = first.json()
    assert introspect(suite, app, tokens["access_token"])["active"] is True
    assert introspect(suite, app, tokens["refresh_token"])["active"] is True
    replay = redeem(suite, app, result["code"], result["verifier"])
    assert replay.status_code == 400 and replay.json()["error"] == "invalid_grant"
    assert introspect(suite, app, tokens["access_token"]) == {"active": False}
    assert introspect(suite, app, tokens["refresh_token"]) == {"active": False}
    refreshed = token_request(suite, app, grant_type="refresh_token", refresh_token=tokens["refresh_token"])
    assert refreshed.status_code == 400 and refreshed.json()["error"] == "invalid_grant"

    def replay_audited() -> bool:
        events = api(suite, "GET", f"/api/v1/organizations/{app.slug}/auditEvents", world[0]).json()
        return any(e["action"] == "token.authorization_code.replayed" for e in events.get("audit_events", []))

    suite.wait_until(replay_audited, timeout=15, what="the replay's audit event")


def test_twenty_concurrent_redemptions_give_exactly_one_success(suite, world):
    _, app, (username, password, _), browser = world
    result = code_flow(suite, browser, app, username, password)
    with ThreadPoolExecutor(max_workers=20) as pool:
        answers = list(pool.map(lambda _: redeem(suite, app, result["code"], result["verifier"]), range(20)))
    statuses = sorted(a.status_code for a in answers)
    assert statuses == [200] + [400] * 19, [a.text for a in answers if a.status_code != 400]
    assert all(a.json()["error"] == "invalid_grant" for a in answers if a.status_code == 400)
    winner = next(a for a in answers if a.status_code == 200).json()
    # the losers were replays: what the winner got is revoked with them
    assert introspect(suite, app, winner["access_token"]) == {"active": False}


def test_refresh_rotates_and_reuse_revokes_the_family(suite, world):
    _, app, (username, password, _), browser = world
    result = code_flow(suite, browser, app, username, password)
    first = redeem(suite, app, result["code"], result["verifier"]).json()
    second = token_request(suite, app, grant_type="refresh_token", refresh_token=first["refresh_token"])
    assert second.status_code == 200, second.text
    second = second.json()
    assert second["refresh_token"] != first["refresh_token"] and second["access_token"] != first["access_token"]
    assert claims_of(second["id_token"])["sub"] == claims_of(first["id_token"])["sub"]
    assert introspect(suite, app, first["refresh_token"]) == {"active": False}  # rotated
    third = token_request(suite, app, grant_type="refresh_token", refresh_token=second["refresh_token"]).json()
    time.sleep(3.5)  # past the suite's reuse grace (PRISM_REFRESH_TOKEN_REUSE_GRACE_SECONDS=2, whole seconds)
    reuse = token_request(suite, app, grant_type="refresh_token", refresh_token=first["refresh_token"])
    assert reuse.status_code == 400 and reuse.json()["error"] == "invalid_grant"
    assert "revoked" in reuse.json()["error_description"]
    # the whole family is gone: the newest refresh token and the access tokens issued in it
    latest = token_request(suite, app, grant_type="refresh_token", refresh_token=third["refresh_token"])
    assert latest.status_code == 400 and latest.json()["error"] == "invalid_grant"
    assert introspect(suite, app, third["access_token"]) == {"active": False}


def test_a_lost_refresh_response_can_be_retried_within_the_grace_period(suite, world):
    _, app, (username, password, _), browser = world
    result = code_flow(suite, browser, app, username, password)
    first = redeem(suite, app, result["code"], result["verifier"]).json()
    lost = token_request(suite, app, grant_type="refresh_token", refresh_token=first["refresh_token"])
    retry = token_request(suite, app, grant_type="refresh_token", refresh_token=first["refresh_token"])
    assert lost.status_code == 200 and retry.status_code == 200, retry.text
    assert introspect(suite, app, lost.json()["refresh_token"]) == {"active": False}  # superseded
    assert introspect(suite, app, retry.json()["refresh_token"])["active"] is True


def test_refresh_needs_offline_access_and_cannot_widen_scope(suite, world):
    _, app, (username, password, _), browser = world
    without = code_flow(suite, browser, app, username, password, scope="openid profile")
    body = redeem(suite, app, without["code"], without["verifier"]).json()
    assert "refresh_token" not in body
    with_offline = code_flow(suite, browser, app, username, password, scope="openid offline_access")
    tokens = redeem(suite, app, with_offline["code"], with_offline["verifier"]).json()
    wider = token_request(
        suite, app, grant_type="refresh_token", refresh_token=tokens["refresh_token"], scope="openid email"
    )
    assert wider.status_code == 400 and wider.json()["error"] == "invalid_scope"


def test_a_token_of_one_organization_is_refused_at_another(suite, world):
    admin, app, (username, password, _), browser = world
    result = code_flow(suite, browser, app, username, password, scope="openid offline_access")
    tokens = redeem(suite, app, result["code"], result["verifier"]).json()
    other_admin = create_org(suite)
    other = register_app(suite, other_admin)
    assert introspect(suite, other, tokens["access_token"]) == {"active": False}
    assert introspect(suite, other, tokens["refresh_token"]) == {"active": False}
    userinfo = httpx.get(
        f"{suite.base_url}/api/v1/organizations/{other.slug}/oauth/userinfo",
        headers={"authorization": f"Bearer {tokens['access_token']}"},
        timeout=30,
    )
    assert userinfo.status_code == 401 and "invalid_token" in userinfo.headers["www-authenticate"]
    # the code itself is bound to its organization and client
    other_code = code_flow(suite, browser, app, username, password, scope="openid")
    stolen = httpx.post(
        f"{suite.base_url}/api/v1/organizations/{other.slug}/oauth/token",
        data={"grant_type": "authorization_code", "code": other_code["code"], "redirect_uri": CALLBACK},
        auth=(other.client_id, other.client_secret),
        timeout=30,
    )
    assert stolen.status_code == 400 and stolen.json()["error"] == "invalid_grant"
    # and the session of one organization signs nobody in at another
    page = browser.authorize(other, scope="openid", **s256())
    assert 'id="password"' in page.text


def test_revoked_tokens_are_inactive_at_introspection_and_userinfo(suite, world):
    _, app, (username, password, _), browser = world
    result = code_flow(suite, browser, app, username, password)
    tokens = redeem(suite, app, result["code"], result["verifier"]).json()
    revoke = httpx.post(
        f"{suite.base_url}/api/v1/organizations/{app.slug}/oauth/revoke",
        data={"token": tokens["access_token"]},
        auth=(app.client_id, app.client_secret),
        timeout=30,
    )
    assert revoke.status_code == 200
    assert introspect(suite, app, tokens["access_token"]) == {"active": False}
    userinfo = httpx.get(
        f"{suite.base_url}/api/v1/organizations/{app.slug}/oauth/userinfo",
        headers={"authorization": f"Bearer {tokens['access_token']}"},
        timeout=30,
    )
    assert userinfo.status_code == 401
    assert introspect(suite, app, tokens["refresh_token"])["token_type"] == "refresh_token"
    httpx.post(
        f"{suite.base_url}/api/v1/organizations/{app.slug}/oauth/revoke",
        data={"token": tokens["refresh_token"], "token_type_hint": "refresh_token"},
        auth=(app.client_id, app.client_secret),
        timeout=30,
    ).raise_for_status()
    assert introspect(suite, app, tokens["refresh_token"]) == {"active": False}


def test_a_revoked_access_token_is_refused_by_authz_for_internal_services_and_the_api(suite, world):
    admin, app, _, browser = world
    result = code_flow(suite, browser, app, admin.username, admin.password, scope="openid apps:read")
    token = redeem(suite, app, result["code"], result["verifier"]).json()["access_token"]
    apps_url = f"/api/v1/organizations/{admin.slug}/apps"
    assert api(suite, "GET", apps_url, token).status_code == 200
    with grpc.insecure_channel(suite.addresses["authz"]) as channel:
        authz = authz_pb2_grpc.AuthzServiceStub(channel)
        request = authz_pb2.IntrospectRequest(token=token)
        active = authz.Introspect(request, metadata=internal_metadata(suite), timeout=10)
        assert active.active and active.client_id == app.client_id and active.caller.role == "admin"
        httpx.post(
            f"{suite.base_url}/api/v1/organizations/{app.slug}/oauth/revoke",
            data={"token": token},
            auth=(app.client_id, app.client_secret),
            timeout=30,
        ).raise_for_status()
        time.sleep(2.2)  # authz asks the token service again after PRISM_AUTHZ_GRANTS_CACHE_SECONDS
        assert not authz.Introspect(request, metadata=internal_metadata(suite), timeout=10).active
    refused = api(suite, "GET", apps_url, token)
    assert refused.status_code == 401 and refused.json()["error"]["reason"] == "TOKEN_REVOKED"


def test_an_id_token_is_not_accepted_as_an_access_token(suite, world):
    admin, app, _, browser = world
    result = code_flow(suite, browser, app, admin.username, admin.password, scope="openid")
    id_token = redeem(suite, app, result["code"], result["verifier"]).json()["id_token"]
    assert api(suite, "GET", f"/api/v1/organizations/{admin.slug}/apps", id_token).status_code == 401
    assert introspect(suite, app, id_token) == {"active": False}


def test_admin_scopes_are_granted_to_admins_only(suite, world):
    admin, _, (username, password, _), browser = world
    app = register_app(suite, admin, allowed_scopes=["openid", "admin:users:read"])
    challenge = pkce_pair()[1]
    page = browser.authorize(
        app, scope="openid admin:users:read", state="s", code_challenge=challenge, code_challenge_method="S256"
    )
    refused = callback_params(browser.sign_in(page, username, password))  # refused before consent is asked
    assert refused["error"] == "access_denied" and "admin:users:read" in refused["error_description"]
    other = Browser(suite)
    boss = code_flow(suite, other, app, admin.username, admin.password, scope="openid admin:users:read")
    other.close()
    assert redeem(suite, app, boss["code"], boss["verifier"]).json()["scope"] == "openid admin:users:read"


def test_apps_claim_lists_the_apps_the_user_registered(suite, world):
    admin, app, _, browser = world
    result = code_flow(suite, browser, app, admin.username, admin.password, scope="openid apps:read")
    claims = claims_of(redeem(suite, app, result["code"], result["verifier"]).json()["id_token"])
    assert claims["role"] == "admin"
    assert claims["apps"] == [
        {"id": app.client_id, "name": "Billing", "client_id": app.client_id, "is_verified": False}
    ]
