"""An admin of one organization can read, list or change nothing of another, over REST or gRPC,
and guessing names does not help: a real name and a made-up one get the same refusal."""

from __future__ import annotations

import grpc
import pytest

from prism.directory.v1 import directory_pb2 as pb
from prism.directory.v1 import directory_pb2_grpc
from prism.keys.v1 import keys_pb2, keys_pb2_grpc
from tests.support.directory import api, create_org


@pytest.fixture(scope="module")
def two_orgs(suite):
    owner, intruder = create_org(suite, "Victim"), create_org(suite, "Intruder")
    org = f"/api/v1/organizations/{owner.slug}"
    assert api(suite, "POST", f"{org}/projects", owner, json={"project_id": "p1"}).status_code == 201
    user = api(suite, "POST", f"{org}/users", owner, json={"username": "u1", "password": "password-u1"}).json()
    assert api(suite, "POST", f"{org}/teams", owner, json={"team_id": "t1"}).status_code == 201
    member = {"user_id": user["user"]["user_id"]}
    assert api(suite, "POST", f"{org}/teams/t1/members", owner, json=member).status_code == 200
    assert (
        api(suite, "POST", f"{org}/projects/p1/serviceAccounts", owner, json={"service_account_id": "sa1"}).status_code
        == 201
    )
    key = api(suite, "POST", f"{org}/projects/p1/serviceAccounts/sa1/apiKeys", owner, json={}).json()
    ids = {"user": user["user"]["user_id"], "key": key["api_key"]["key_id"]}
    return owner, intruder, ids


def _requests(org: str, ids: dict) -> list[tuple[str, str, dict | None]]:
    sa = f"{org}/projects/p1/serviceAccounts/sa1"
    return [
        ("GET", org, None),
        ("GET", f"{org}/projects", None),
        ("POST", f"{org}/projects", {"project_id": "stolen"}),
        ("GET", f"{org}/projects/p1", None),
        ("DELETE", f"{org}/projects/p1", None),
        ("GET", f"{org}/users", None),
        ("POST", f"{org}/users", {"username": "mole", "password": "password-mole", "role": "admin"}),
        ("GET", f"{org}/users/{ids['user']}", None),
        ("DELETE", f"{org}/users/{ids['user']}", None),
        ("GET", f"{org}/teams", None),
        ("POST", f"{org}/teams", {"team_id": "stolen"}),
        ("GET", f"{org}/teams/t1", None),
        ("DELETE", f"{org}/teams/t1", None),
        ("GET", f"{org}/teams/t1/members", None),
        ("POST", f"{org}/teams/t1/members", {"user_id": ids["user"], "role": "owner"}),
        ("DELETE", f"{org}/teams/t1/members/{ids['user']}", None),
        ("GET", f"{org}/projects/p1/serviceAccounts", None),
        ("POST", f"{org}/projects/p1/serviceAccounts", {"service_account_id": "stolen"}),
        ("GET", sa, None),
        ("DELETE", sa, None),
        ("GET", f"{sa}/apiKeys", None),
        ("POST", f"{sa}/apiKeys", {"description": "backdoor"}),
        ("POST", f"{sa}/apiKeys/{ids['key']}:revoke", {}),
        ("GET", f"{org}/keys", None),
        ("POST", f"{org}/keys:rotate", {"force": True}),
        ("GET", f"{org}/auditEvents", None),
    ]


def test_rest_refuses_every_resource_of_another_organization(suite, two_orgs):
    owner, intruder, ids = two_orgs
    org = f"/api/v1/organizations/{owner.slug}"
    guessed = {"user": "00000000-0000-0000-0000-000000000000", "key": "0123456789abcdef"}
    for (method, path, body), (_, guessed_path, _) in zip(
        _requests(org, ids), _requests(f"/api/v1/organizations/{owner.slug}", guessed), strict=True
    ):
        real = api(suite, method, path, intruder, json=body) if body is not None else api(suite, method, path, intruder)
        assert real.status_code == 403, (method, path, real.text)
        assert real.json()["error"]["message"] == "you cannot act in another organization", (method, path)
        fake = (
            api(suite, method, guessed_path, intruder, json=body)
            if body is not None
            else api(suite, method, guessed_path, intruder)
        )
        assert (fake.status_code, fake.json()) == (real.status_code, real.json()), (method, guessed_path)

    # nothing changed
    assert [p["project_id"] for p in api(suite, "GET", f"{org}/projects", owner).json()["projects"]] == ["p1"]
    assert sorted(u["username"] for u in api(suite, "GET", f"{org}/users", owner).json()["users"]) == ["admin", "u1"]
    assert [t["team_id"] for t in api(suite, "GET", f"{org}/teams", owner).json()["teams"]] == ["t1"]
    accounts = api(suite, "GET", f"{org}/projects/p1/serviceAccounts", owner).json()["service_accounts"]
    assert [a["service_account_id"] for a in accounts] == ["sa1"]
    (key,) = api(suite, "GET", f"{org}/projects/p1/serviceAccounts/sa1/apiKeys", owner).json()["api_keys"]
    assert "revoke_time" not in key or not key["revoke_time"]
    assert len(api(suite, "GET", f"{org}/keys", owner).json()["keys"]) == 1


def test_grpc_refuses_every_resource_of_another_organization(suite, two_orgs):
    owner, intruder, ids = two_orgs
    o = f"organizations/{owner.slug}"
    sa = f"{o}/projects/p1/serviceAccounts/sa1"
    calls = [
        ("GetOrganization", pb.GetOrganizationRequest(name=o)),
        ("CreateProject", pb.CreateProjectRequest(parent=o, project=pb.Project(project_id="x"))),
        ("GetProject", pb.GetProjectRequest(name=f"{o}/projects/p1")),
        ("ListProjects", pb.ListProjectsRequest(parent=o)),
        ("DeleteProject", pb.DeleteProjectRequest(name=f"{o}/projects/p1")),
        ("CreateUser", pb.CreateUserRequest(parent=o, user=pb.User(username="mole", password="password-mole"))),
        ("GetUser", pb.GetUserRequest(name=f"{o}/users/{ids['user']}")),
        ("ListUsers", pb.ListUsersRequest(parent=o)),
        ("DeleteUser", pb.DeleteUserRequest(name=f"{o}/users/{ids['user']}")),
        ("CreateTeam", pb.CreateTeamRequest(parent=o, team=pb.Team(team_id="x"))),
        ("GetTeam", pb.GetTeamRequest(name=f"{o}/teams/t1")),
        ("ListTeams", pb.ListTeamsRequest(parent=o)),
        ("DeleteTeam", pb.DeleteTeamRequest(name=f"{o}/teams/t1")),
        ("AddTeamMember", pb.AddTeamMemberRequest(parent=f"{o}/teams/t1", member=pb.TeamMember(user_id="x"))),
        ("ListTeamMembers", pb.ListTeamMembersRequest(parent=f"{o}/teams/t1")),
        ("RemoveTeamMember", pb.RemoveTeamMemberRequest(name=f"{o}/teams/t1/members/{ids['user']}")),
        (
            "CreateServiceAccount",
            pb.CreateServiceAccountRequest(
                parent=f"{o}/projects/p1", service_account=pb.ServiceAccount(service_account_id="x")
            ),
        ),
        ("GetServiceAccount", pb.GetServiceAccountRequest(name=sa)),
        ("ListServiceAccounts", pb.ListServiceAccountsRequest(parent=f"{o}/projects/p1")),
        ("DeleteServiceAccount", pb.DeleteServiceAccountRequest(name=sa)),
        ("CreateApiKey", pb.CreateApiKeyRequest(parent=sa)),
        ("ListApiKeys", pb.ListApiKeysRequest(parent=sa)),
        ("RevokeApiKey", pb.RevokeApiKeyRequest(name=f"{sa}/apiKeys/{ids['key']}")),
    ]
    with grpc.insecure_channel(suite.addresses["directory"]) as channel:
        stub = directory_pb2_grpc.DirectoryServiceStub(channel)
        for method, request in calls:
            with pytest.raises(grpc.RpcError) as refused:
                getattr(stub, method)(request, metadata=intruder.metadata, timeout=10)
            assert refused.value.code() == grpc.StatusCode.PERMISSION_DENIED, method
        # internal-only methods refuse every token, even the owner's
        for method, request in [
            ("VerifyPassword", pb.VerifyPasswordRequest(organization=owner.slug, username="admin", password="x")),
            ("VerifyApiKey", pb.VerifyApiKeyRequest(api_key="prism_x")),
            ("GetSubjectGrants", pb.GetSubjectGrantsRequest(organization=owner.slug, subject=owner.user_id)),
        ]:
            with pytest.raises(grpc.RpcError) as refused:
                getattr(stub, method)(request, metadata=owner.metadata, timeout=10)
            assert refused.value.code() == grpc.StatusCode.PERMISSION_DENIED, method
        # and with no token at all, nothing but sign-up works
        with pytest.raises(grpc.RpcError) as anonymous:
            stub.ListProjects(pb.ListProjectsRequest(parent=o), timeout=10)
        assert anonymous.value.code() == grpc.StatusCode.UNAUTHENTICATED
    with grpc.insecure_channel(suite.addresses["keys"]) as channel:
        keys = keys_pb2_grpc.KeysServiceStub(channel)
        for method, request in [
            ("ListKeys", keys_pb2.ListKeysRequest(parent=o)),
            ("RotateKeys", keys_pb2.RotateKeysRequest(parent=o, force=True)),
        ]:
            with pytest.raises(grpc.RpcError) as refused:
                getattr(keys, method)(request, metadata=intruder.metadata, timeout=10)
            assert refused.value.code() == grpc.StatusCode.PERMISSION_DENIED, method
