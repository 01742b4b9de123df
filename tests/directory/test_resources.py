"""Directory resources over REST: wrong input named by field, who may do what, paging, auditing."""

from __future__ import annotations

import pytest

from tests.support.directory import api, create_org, login


@pytest.fixture
def org(suite):
    admin = create_org(suite)
    return admin, f"/api/v1/organizations/{admin.slug}"


def _error(response, status: int, field: str | None = None) -> dict:
    assert response.status_code == status, response.text
    error = response.json()["error"]
    if field is not None:
        assert error.get("field") == field, error
    return error


def test_wrong_input_is_named_by_field(suite, org):
    admin, base = org
    post = lambda path, body: api(suite, "POST", f"{base}{path}", admin, json=body)  # noqa: E731
    _error(post("/projects", {}), 400, "project.project_id")
    _error(post("/projects", {"project_id": "My Project"}), 400, "project.project_id")
    assert post("/projects", {"project_id": "p"}).status_code == 201
    _error(post("/projects", {"project_id": "p"}), 409, "project.project_id")
    _error(api(suite, "GET", f"{base}/projects/nope", admin), 404, "name")

    _error(post("/users", {"password": "password1"}), 400, "user.username")
    _error(post("/users", {"username": "u", "password": "short"}), 400, "user.password")
    _error(post("/users", {"username": "u", "password": "password1", "role": "god"}), 400, "user.role")
    _error(post("/users", {"username": "u", "password": "password1", "email": "not-an-email"}), 400, "user.email")
    assert post("/users", {"username": "u", "password": "password1"}).status_code == 201
    _error(post("/users", {"username": "u", "password": "password1"}), 409, "user.username")
    _error(api(suite, "GET", f"{base}/users/00000000-0000-0000-0000-000000000000", admin), 404, "name")

    _error(post("/teams", {"team_id": "-bad-"}), 400, "team.team_id")
    assert post("/teams", {"team_id": "ops"}).status_code == 201
    _error(post("/teams/ops/members", {"user_id": "nobody"}), 404, "member.user_id")
    _error(post("/teams/ops/members", {"user_id": admin.user_id, "role": "king"}), 400, "member.role")
    _error(post("/teams/nope/members", {"user_id": admin.user_id}), 404, "parent")

    _error(post("/projects/nope/serviceAccounts", {"service_account_id": "sa"}), 404, "parent")
    _error(
        post("/projects/p/serviceAccounts", {"service_account_id": "SA 1"}), 400, "service_account.service_account_id"
    )
    assert post("/projects/p/serviceAccounts", {"service_account_id": "sa"}).status_code == 201
    _error(post("/projects/p/serviceAccounts", {"service_account_id": "sa"}), 409, "service_account.service_account_id")
    _error(
        post("/projects/p/serviceAccounts/sa/apiKeys", {"expire_time": "2001-01-01T00:00:00Z"}),
        400,
        "api_key.expire_time",
    )
    _error(post("/projects/p/serviceAccounts/sa/apiKeys", {"expire_time": "tomorrow"}), 400)
    error = _error(api(suite, "DELETE", f"{base}/projects/p", admin), 400, "name")
    assert "still has service accounts" in error["message"]
    _error(api(suite, "DELETE", f"{base}/users/{admin.user_id}", admin), 400, "name")  # the last admin


def test_paging_walks_every_user_once(suite, org):
    admin, base = org
    for n in range(5):
        assert (
            api(
                suite, "POST", f"{base}/users", admin, json={"username": f"user{n}", "password": "password1"}
            ).status_code
            == 201
        )
    seen, token = [], ""
    while True:
        page = api(suite, "GET", f"{base}/users", admin, params={"page_size": 2, "page_token": token}).json()
        assert len(page["users"]) <= 2
        seen += [u["username"] for u in page["users"]]
        token = page["next_page_token"]
        if not token:
            break
    assert sorted(seen) == sorted(["admin", *(f"user{n}" for n in range(5))])


def test_people_see_themselves_and_their_teams(suite, org):
    admin, base = org
    alice = api(suite, "POST", f"{base}/users", admin, json={"username": "alice", "password": "password-a"}).json()
    bob = api(suite, "POST", f"{base}/users", admin, json={"username": "bob", "password": "password-b"}).json()
    alice_id, bob_id = alice["user"]["user_id"], bob["user"]["user_id"]
    alice_token = login(suite, admin.slug, "alice", "password-a")
    bob_token = login(suite, admin.slug, "bob", "password-b")

    assert api(suite, "GET", f"{base}/users/{alice_id}", alice_token).status_code == 200
    assert api(suite, "GET", f"{base}/users/{bob_id}", alice_token).status_code == 403
    assert api(suite, "GET", f"{base}/users", alice_token).status_code == 403
    assert api(suite, "POST", f"{base}/projects", alice_token, json={"project_id": "mine"}).status_code == 403
    assert api(suite, "GET", f"{base}/projects", alice_token).status_code == 200

    assert api(suite, "POST", f"{base}/teams", alice_token, json={"team_id": "alices"}).status_code == 201
    assert api(suite, "POST", f"{base}/teams", admin, json={"team_id": "admins-only"}).status_code == 201
    (member,) = api(suite, "GET", f"{base}/teams/alices/members", alice_token).json()["members"]
    assert member == {
        "name": f"organizations/{admin.slug}/teams/alices/members/{alice_id}",
        "user_id": alice_id,
        "role": "owner",
    }
    assert api(suite, "POST", f"{base}/teams/alices/members", alice_token, json={"user_id": bob_id}).status_code == 200
    # bob, a plain member, sees the team but may not manage it
    assert api(suite, "GET", f"{base}/teams/alices", bob_token).status_code == 200
    assert api(suite, "DELETE", f"{base}/teams/alices", bob_token).status_code == 403
    assert api(suite, "GET", f"{base}/teams/admins-only", bob_token).status_code == 403
    assert [t["team_id"] for t in api(suite, "GET", f"{base}/teams", bob_token).json()["teams"]] == ["alices"]
    assert {t["team_id"] for t in api(suite, "GET", f"{base}/teams", admin).json()["teams"]} == {
        "alices",
        "admins-only",
    }
    # bob may leave; alice may delete her team
    assert api(suite, "DELETE", f"{base}/teams/alices/members/{bob_id}", bob_token).status_code == 200
    assert api(suite, "DELETE", f"{base}/teams/alices", alice_token).status_code == 200


def test_service_accounts_act_within_their_project(suite, org):
    admin, base = org
    for project in ("home", "away"):
        assert api(suite, "POST", f"{base}/projects", admin, json={"project_id": project}).status_code == 201
    api(suite, "POST", f"{base}/projects/home/serviceAccounts", admin, json={"service_account_id": "bot"})
    secret = api(suite, "POST", f"{base}/projects/home/serviceAccounts/bot/apiKeys", admin, json={}).json()["secret"]
    token = api(suite, "POST", "/api/v1/auth/service-accounts/login", json={"api_key": secret}).json()["token"]
    bot = token["access_token"]
    assert token["subject"] == "bot@service-accounts.home.id.prism.local"
    assert api(suite, "GET", f"{base}/projects/home", bot).status_code == 200
    assert api(suite, "GET", f"{base}/projects/home/serviceAccounts", bot).status_code == 200
    assert api(suite, "GET", f"{base}/projects/away", bot).status_code == 403
    assert api(suite, "GET", f"{base}/projects/away/serviceAccounts", bot).status_code == 403
    assert (
        api(
            suite, "POST", f"{base}/projects/home/serviceAccounts", bot, json={"service_account_id": "clone"}
        ).status_code
        == 403
    )
    assert api(suite, "GET", f"{base}/users", bot).status_code == 403


def test_every_mutation_is_audited(suite, org):
    admin, base = org
    api(suite, "POST", f"{base}/projects", admin, json={"project_id": "p"})
    api(suite, "POST", f"{base}/projects/p/serviceAccounts", admin, json={"service_account_id": "sa"})
    key = api(suite, "POST", f"{base}/projects/p/serviceAccounts/sa/apiKeys", admin, json={}).json()
    api(suite, "POST", f"/api/v1/{key['api_key']['name']}:revoke", admin, json={})
    user = api(suite, "POST", f"{base}/users", admin, json={"username": "x", "password": "password1"}).json()
    api(suite, "POST", f"{base}/teams", admin, json={"team_id": "t"})
    api(suite, "POST", f"{base}/teams/t/members", admin, json={"user_id": user["user"]["user_id"]})
    api(suite, "DELETE", f"{base}/teams/t/members/{user['user']['user_id']}", admin)
    api(suite, "DELETE", f"{base}/teams/t", admin)
    api(suite, "DELETE", f"{base}/users/{user['user']['user_id']}", admin)
    api(suite, "DELETE", f"{base}/projects/p/serviceAccounts/sa", admin)
    api(suite, "DELETE", f"{base}/projects/p", admin)
    events = api(suite, "GET", f"{base}/auditEvents", admin, params={"action_prefix": "directory."}).json()
    actions = [e["action"] for e in events["audit_events"]]
    for action in (
        "project.created",
        "service_account.created",
        "api_key.created",
        "api_key.revoked",
        "user.created",
        "team.created",
        "team.member_added",
        "team.member_removed",
        "team.deleted",
        "user.deleted",
        "service_account.deleted",
        "project.deleted",
    ):
        assert f"directory.{action}" in actions, action
    signup = [e for e in events["audit_events"] if e["actor"] == "anonymous"]
    assert sorted(e["action"] for e in signup) == ["directory.organization.created", "directory.user.created"]
    assert all(e["actor"] == admin.user_id for e in events["audit_events"] if e not in signup)
