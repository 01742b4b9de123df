"""Invitations: created by admins, looked up and accepted once by whoever holds the link, revoked,
expired, isolated between organizations, and driven from the CLI."""

from __future__ import annotations

import datetime
import json
import uuid
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from sqlalchemy import update

from prism.runtime import clock
from services.directory.tables import invitations
from tests.accounts.test_signup import PASSWORD, directory_database
from tests.support.cli import prism_cli
from tests.support.directory import OrgAdmin, api, create_org, login
from tests.support.mail import Inbox, link_in, logged_email, token_of

ACCEPT = "/api/v1/auth/invitations:accept"
LOOKUP = "/api/v1/auth/invitations:lookup"


def _email() -> str:
    return f"guest-{uuid.uuid4().hex[:8]}@example.com"


def _path(admin: OrgAdmin) -> str:
    return f"/api/v1/organizations/{admin.slug}/invitations"


def _invite(suite, admin: OrgAdmin, **fields) -> tuple[dict, str]:
    response = api(suite, "POST", _path(admin), admin, json={"email": _email(), **fields})
    assert response.status_code == 201, response.text
    return response.json()["invitation"], response.json()["url"]


def _team(suite, admin: OrgAdmin, team_id: str = "ops", display_name: str = "Operations") -> None:
    body = {"team_id": team_id, "display_name": display_name}
    created = api(suite, "POST", f"/api/v1/organizations/{admin.slug}/teams", admin, json=body)
    assert created.status_code == 201, created.text


def _members(suite, admin: OrgAdmin, team_id: str = "ops") -> dict[str, str]:
    listed = api(suite, "GET", f"/api/v1/organizations/{admin.slug}/teams/{team_id}/members", admin)
    assert listed.status_code == 200, listed.text
    return {m["user_id"]: m["role"] for m in listed.json()["members"]}


def _error(response: httpx.Response) -> dict:
    return response.json()["error"]


def _micros(timestamp: str) -> int:
    return int(datetime.datetime.fromisoformat(timestamp.replace("Z", "+00:00")).timestamp() * 1_000_000)


@pytest.fixture
def admin(suite) -> OrgAdmin:
    return create_org(suite, "Invites")


def test_create_lookup_and_accept_with_a_new_account(suite, admin):
    _team(suite, admin)
    invitation, url = _invite(suite, admin, team="ops", team_role="owner", role="admin")
    assert invitation["name"] == f"organizations/{admin.slug}/invitations/{invitation['invitation_id']}"
    assert invitation["state"] == "PENDING" and invitation["organization"] == admin.slug
    assert (invitation["team"], invitation["team_role"], invitation["role"]) == ("ops", "owner", "admin")
    assert invitation["inviter"] == admin.user_id and invitation["accepted_by"] == ""
    hours = (_micros(invitation["expire_time"]) - _micros(invitation["create_time"])) / 3_600_000_000
    assert hours == 168  # the site setting's default
    assert url.startswith(f"{suite.base_url}/invitations/accept?token=")
    assert "ttl_hours" not in invitation  # input only
    token = token_of(url)

    # no SMTP server in this suite: the email, link included, is in the directory's log
    record = logged_email(suite, invitation["email"])
    assert link_in(record["message"]) == url
    assert "the team Operations of Invites" in record["message"]

    looked_up = api(suite, "POST", LOOKUP, json={"token": token})
    assert looked_up.status_code == 200, looked_up.text
    body = looked_up.json()
    assert body["invitation"]["invitation_id"] == invitation["invitation_id"]
    assert body["organization_display_name"].startswith("Invites ")
    assert body["team_display_name"] == "Operations"

    weak = api(suite, "POST", ACCEPT, json={"token": token, "create_account": True, "username": "gi", "password": "x"})
    assert weak.status_code == 400 and _error(weak)["field"] == "password"
    taken = {"token": token, "create_account": True, "username": "admin", "password": PASSWORD}
    assert api(suite, "POST", ACCEPT, json=taken).status_code == 409
    assert api(suite, "POST", LOOKUP, json={"token": token}).status_code == 200  # failed attempts use nothing up

    accept = {"token": token, "create_account": True, "username": "grace", "password": PASSWORD, "display_name": "G H"}
    accepted = api(suite, "POST", ACCEPT, json=accept)
    assert accepted.status_code == 200, accepted.text
    user = accepted.json()["user"]
    assert (user["username"], user["display_name"], user["role"]) == ("grace", "G H", "admin")
    assert user["email"] == invitation["email"] and user["email_verified"] is True  # the link proved the address
    assert accepted.json()["invitation"]["state"] == "ACCEPTED"
    assert accepted.json()["invitation"]["accepted_by"] == user["user_id"]
    assert _members(suite, admin)[user["user_id"]] == "owner"
    assert login(suite, admin.slug, "grace", PASSWORD)

    got = api(suite, "GET", f"/api/v1/{invitation['name']}", admin).json()["invitation"]
    assert got["state"] == "ACCEPTED" and got["accepted_by"] == user["user_id"]

    # once only: the link is spent, and an accepted invitation cannot be revoked
    again = api(suite, "POST", ACCEPT, json={**accept, "username": "grace2"})
    assert again.status_code == 400 and _error(again)["reason"] == "INVITATION_ACCEPTED"
    assert "already been accepted" in _error(again)["message"]
    looked_again = api(suite, "POST", LOOKUP, json={"token": token})
    assert looked_again.status_code == 400 and _error(looked_again)["reason"] == "INVITATION_ACCEPTED"
    revoke = api(suite, "DELETE", f"/api/v1/{invitation['name']}", admin)
    assert revoke.status_code == 400 and _error(revoke)["status"] == "INVALID_ARGUMENT"
    assert _error(revoke)["reason"] == "INVITATION_ACCEPTED"

    events = api(
        suite, "GET", f"/api/v1/organizations/{admin.slug}/auditEvents", admin, params={"action_prefix": "directory."}
    ).json()["audit_events"]
    by_action = {e["action"]: e for e in events if e["target"] in (invitation["name"], user["name"])}
    assert {"directory.invitation.created", "directory.invitation.accepted", "directory.user.created"} <= set(by_action)
    assert by_action["directory.invitation.created"]["actor"] == admin.user_id
    assert by_action["directory.invitation.accepted"]["actor"] == user["user_id"]
    assert by_action["directory.invitation.accepted"]["details"]["created_account"] is True


def test_accept_with_an_existing_account(suite, admin):
    _team(suite, admin)
    body = {"username": "linus", "password": PASSWORD, "email": "linus@example.com", "role": "user"}
    existing = api(suite, "POST", f"/api/v1/organizations/{admin.slug}/users", admin, json=body).json()["user"]
    invitation, url = _invite(suite, admin, team="ops", role="admin")  # the role applies to new accounts only
    token = token_of(url)
    attempt = {"token": token, "create_account": False, "username": "linus"}

    wrong = api(suite, "POST", ACCEPT, json={**attempt, "password": "not the password"})
    assert wrong.status_code == 401 and _error(wrong)["reason"] == "BAD_CREDENTIALS"
    joined = api(suite, "POST", ACCEPT, json={**attempt, "password": PASSWORD})
    assert joined.status_code == 200, joined.text
    assert joined.json()["user"]["user_id"] == existing["user_id"]
    assert joined.json()["user"]["role"] == "user"
    assert joined.json()["invitation"]["accepted_by"] == existing["user_id"]
    assert _members(suite, admin) == {admin.user_id: "owner", existing["user_id"]: "member"}  # admin made the team


def test_revoked_invitation(suite, admin):
    invitation, url = _invite(suite, admin)
    revoked = api(suite, "DELETE", f"/api/v1/{invitation['name']}", admin)
    assert revoked.status_code == 200, revoked.text
    assert revoked.json()["invitation"]["state"] == "REVOKED"

    looked_up = api(suite, "POST", LOOKUP, json={"token": token_of(url)})
    assert looked_up.status_code == 400
    assert _error(looked_up)["reason"] == "INVITATION_REVOKED" and "was revoked" in _error(looked_up)["message"]
    accept = {"token": token_of(url), "create_account": True, "username": "late", "password": PASSWORD}
    refused = api(suite, "POST", ACCEPT, json=accept)
    assert refused.status_code == 400 and _error(refused)["reason"] == "INVITATION_REVOKED"
    twice = api(suite, "DELETE", f"/api/v1/{invitation['name']}", admin)
    assert twice.status_code == 400 and "already revoked" in _error(twice)["message"]
    listed = api(suite, "GET", _path(admin), admin).json()["invitations"]
    assert [(i["invitation_id"], i["state"]) for i in listed] == [(invitation["invitation_id"], "REVOKED")]
    users = api(suite, "GET", f"/api/v1/organizations/{admin.slug}/users", admin).json()["users"]
    assert [u["username"] for u in users] == ["admin"]


def test_expired_invitation(suite, admin):
    invitation, url = _invite(suite, admin, ttl_hours=1)
    hours = (_micros(invitation["expire_time"]) - _micros(invitation["create_time"])) / 3_600_000_000
    assert hours == 1
    # an hour is long for a test: move the expiry into the past in the directory's own table
    with directory_database(suite).begin() as connection:
        connection.execute(
            update(invitations)
            .where(invitations.c.id == invitation["invitation_id"])
            .values(expires_at=clock.now_micros() - 1)
        )
    assert api(suite, "GET", f"/api/v1/{invitation['name']}", admin).json()["invitation"]["state"] == "EXPIRED"
    looked_up = api(suite, "POST", LOOKUP, json={"token": token_of(url)})
    assert looked_up.status_code == 400
    assert _error(looked_up)["reason"] == "INVITATION_EXPIRED"
    assert _error(looked_up)["message"] == "this invitation has expired; ask for a new one"
    accept = {"token": token_of(url), "create_account": True, "username": "late", "password": PASSWORD}
    refused = api(suite, "POST", ACCEPT, json=accept)
    assert refused.status_code == 400 and _error(refused)["reason"] == "INVITATION_EXPIRED"
    # an expired invitation can still be revoked (it then says so)
    revoked = api(suite, "DELETE", f"/api/v1/{invitation['name']}", admin)
    assert revoked.status_code == 200 and revoked.json()["invitation"]["state"] == "REVOKED"


def test_unknown_links(suite):
    for token in ("", "A" * 43):
        for path in (LOOKUP, ACCEPT):
            body = {"token": token}
            if path == ACCEPT:
                body.update(create_account=True, username="x", password=PASSWORD)
            response = api(suite, "POST", path, json=body)
            if token:
                assert response.status_code == 404 and _error(response)["reason"] == "INVITATION_NOT_FOUND"
                assert "not valid" in _error(response)["message"]
            else:
                assert response.status_code == 400 and _error(response)["field"] == "token"


def test_twenty_concurrent_accepts_make_one_account(suite, admin):
    _team(suite, admin)
    invitation, url = _invite(suite, admin, team="ops")
    token = token_of(url)

    def accept(n: int) -> httpx.Response:
        body = {"token": token, "create_account": True, "username": f"racer{n}", "password": PASSWORD}
        return httpx.post(f"{suite.base_url}{ACCEPT}", json=body, timeout=60)

    with ThreadPoolExecutor(max_workers=20) as pool:
        responses = list(pool.map(accept, range(20)))
    winners = [r for r in responses if r.status_code == 200]
    assert len(winners) == 1, [(r.status_code, r.text) for r in responses]
    losers = [r for r in responses if r.status_code != 200]
    assert {(r.status_code, _error(r)["reason"]) for r in losers} == {(400, "INVITATION_ACCEPTED")}
    users = api(suite, "GET", f"/api/v1/organizations/{admin.slug}/users", admin).json()["users"]
    winner = winners[0].json()["user"]
    assert sorted(u["username"] for u in users) == sorted(["admin", winner["username"]])
    assert _members(suite, admin) == {admin.user_id: "owner", winner["user_id"]: "member"}


def test_another_organization_cannot_see_or_revoke(suite, admin):
    other = create_org(suite, "Rival")
    invitation, url = _invite(suite, admin)
    mine, _ = _invite(suite, other)
    name = invitation["name"]

    for method, path in (("GET", f"/api/v1/{name}"), ("DELETE", f"/api/v1/{name}"), ("GET", _path(admin))):
        refused = api(suite, method, path, other)
        assert refused.status_code == 403, (method, path, refused.text)
    # a guessed name answers the same as a real one
    guessed = api(suite, "GET", f"/api/v1/organizations/{admin.slug}/invitations/{uuid.uuid4()}", other)
    assert guessed.status_code == 403 and _error(guessed)["message"] == _error(refused)["message"]
    assert [i["invitation_id"] for i in api(suite, "GET", _path(other), other).json()["invitations"]] == [
        mine["invitation_id"]
    ]
    # the other organization's name in our own path finds nothing either
    crossed = api(suite, "GET", f"/api/v1/organizations/{other.slug}/invitations/{invitation['invitation_id']}", other)
    assert crossed.status_code == 404
    # its admin's credentials are not an account of this organization
    body = {"token": token_of(url), "create_account": False, "username": "admin", "password": other.password}
    assert api(suite, "POST", ACCEPT, json=body).status_code == 401
    assert api(suite, "GET", f"/api/v1/{name}", admin).json()["invitation"]["state"] == "PENDING"
    # a member who is not an admin cannot manage invitations either
    person = {"username": "pat", "password": PASSWORD, "email": "", "role": "user"}
    assert api(suite, "POST", f"/api/v1/organizations/{admin.slug}/users", admin, json=person).status_code == 201
    pat = login(suite, admin.slug, "pat", PASSWORD)
    assert api(suite, "GET", _path(admin), pat).status_code == 403
    assert api(suite, "POST", _path(admin), pat, json={"email": _email()}).status_code == 403


def test_invitation_rules(suite, admin):
    _team(suite, admin)
    for fields, field, status in (
        ({"email": ""}, "invitation.email", 400),
        ({"email": "nobody"}, "invitation.email", 400),
        ({"team": "missing"}, "invitation.team", 404),
        ({"team": "Not An Id"}, "invitation.team", 400),
        ({"team": "ops", "team_role": "boss"}, "invitation.team_role", 400),
        ({"role": "root"}, "invitation.role", 400),
        ({"ttl_hours": 8761}, "invitation.ttl_hours", 400),
        ({"ttl_hours": -1}, "invitation.ttl_hours", 400),
    ):
        response = api(suite, "POST", _path(admin), admin, json={"email": _email(), **fields})
        assert response.status_code == status, (fields, response.text)
        assert _error(response)["field"] == field, fields
    invitation, _ = _invite(suite, admin, ttl_hours=8760)
    assert invitation["team"] == "" and invitation["team_role"] == "member" and invitation["role"] == "user"
    assert api(suite, "GET", f"{_path(admin)}/{uuid.uuid4()}", admin).status_code == 404


def test_list_newest_first_in_pages(suite, admin):
    created = [_invite(suite, admin)[0]["invitation_id"] for _ in range(5)]
    seen, token = [], ""
    while True:
        params = {"page_size": 2, **({"page_token": token} if token else {})}
        page = api(suite, "GET", _path(admin), admin, params=params).json()
        assert len(page["invitations"]) <= 2
        seen += [i["invitation_id"] for i in page["invitations"]]
        token = page["next_page_token"]
        if not token:
            break
    assert seen == created[::-1]
    bad = api(suite, "GET", _path(admin), admin, params={"page_token": "nonsense"})
    assert bad.status_code == 400 and _error(bad)["field"] == "page_token"


def test_invitation_email_through_a_real_smtp_server(start_prism):
    with Inbox() as inbox:
        suite = start_prism(extra_env={"PRISM_SMTP_URL": inbox.url})
        admin = create_org(suite, "Mailed")
        invitation, url = _invite(suite, admin)
        message = inbox.wait_for(invitation["email"])
        organization = api(suite, "GET", f"/api/v1/organizations/{admin.slug}", admin).json()["organization"]
        assert message["Subject"] == f"You are invited to join {organization['display_name']}"
        assert message["From"] == "Prism <no-reply@prism.local>"
        assert link_in(message.get_content()) == url
        assert "The link works once, for 168 hours." in message.get_content()
        accept = {"token": token_of(url), "create_account": True, "username": "mailed", "password": PASSWORD}
        assert api(suite, "POST", ACCEPT, json=accept).status_code == 200


def test_cli(suite, admin, tmp_path):
    logged_in = prism_cli(
        suite, tmp_path, "auth", "login", "--org", admin.slug, "--username", "admin", "--password", admin.password
    )
    assert logged_in.returncode == 0, logged_in.stderr
    _team(suite, admin)

    created = prism_cli(suite, tmp_path, "invitations", "create", "--email", "cli@example.com", "--team", "ops")
    assert created.returncode == 0, created.stderr
    lines = created.stdout.strip().splitlines()
    assert lines[0].startswith("invitation ") and " created for cli@example.com, valid until " in lines[0]
    assert "shown only once" in lines[1]
    assert lines[2].startswith(f"{suite.base_url}/invitations/accept?token=")
    invitation_id = lines[0].split()[1]

    as_json = prism_cli(
        suite, tmp_path, "--output", "json", "invitations", "create", "--email", "j@example.com", "--ttl-hours", "2"
    )
    assert as_json.returncode == 0, as_json.stderr
    answer = json.loads(as_json.stdout)
    assert answer["url"].startswith(f"{suite.base_url}/invitations/accept?token=")
    assert answer["invitation"]["email"] == "j@example.com"

    listed = prism_cli(suite, tmp_path, "--output", "json", "invitations", "list")
    assert listed.returncode == 0, listed.stderr
    assert [i["email"] for i in json.loads(listed.stdout)["invitations"]] == ["j@example.com", "cli@example.com"]
    table = prism_cli(suite, tmp_path, "invitations", "list")
    assert table.stdout.splitlines()[0].split() == [
        "INVITATION_ID",
        "EMAIL",
        "TEAM",
        "TEAM_ROLE",
        "ROLE",
        "STATE",
        "EXPIRE_TIME",
    ]

    shown = prism_cli(suite, tmp_path, "invitations", "get", invitation_id)
    assert shown.returncode == 0, shown.stderr
    assert "PENDING" in shown.stdout and "cli@example.com" in shown.stdout
    revoked = prism_cli(suite, tmp_path, "invitations", "revoke", invitation_id)
    assert (
        revoked.returncode == 0 and revoked.stdout.strip() == f"revoked invitation {invitation_id} for cli@example.com"
    )
    state = json.loads(prism_cli(suite, tmp_path, "--output", "json", "invitations", "get", invitation_id).stdout)
    assert state["state"] == "REVOKED"
    again = prism_cli(suite, tmp_path, "invitations", "revoke", invitation_id)
    assert again.returncode == 1 and again.stderr.strip() == "error: this invitation is already revoked (field: name)"
    bad = prism_cli(suite, tmp_path, "invitations", "create", "--email", "x@example.com", "--ttl-hours", "0")
    assert bad.returncode == 2  # click refuses it before any request


def test_the_default_lifetime_is_the_site_setting(start_prism):
    suite = start_prism(extra_env={"PRISM_PLATFORM_ORGANIZATION": "platform"})
    body = {"organization": {"display_name": "Platform"}, "admin_username": "root", "admin_password": PASSWORD}
    assert api(suite, "POST", "/api/v1/organizations", json=body).status_code == 201
    root = login(suite, "platform", "root", PASSWORD)
    changed = api(
        suite,
        "PATCH",
        "/api/v1/siteSettings",
        root,
        params={"update_mask": "invitation_ttl_hours"},
        json={"invitation_ttl_hours": 24},
    )
    assert changed.status_code == 200, changed.text
    admin = create_org(suite, "Tenant")
    invitation, _ = _invite(suite, admin)
    assert (_micros(invitation["expire_time"]) - _micros(invitation["create_time"])) / 3_600_000_000 == 24
    explicit, _ = _invite(suite, admin, ttl_hours=3)  # an explicit lifetime wins
    assert (_micros(explicit["expire_time"]) - _micros(explicit["create_time"])) / 3_600_000_000 == 3
