"""Organizations through the REST API (transcoded) and over gRPC, with their audit events."""

from __future__ import annotations

import uuid

import grpc
import pytest
from google.rpc import error_details_pb2, status_pb2

from prism.directory.v1 import directory_pb2, directory_pb2_grpc
from tests.support.directory import api, create_org, internal_metadata


def _body(name: str, username: str = "admin", password: str = "correct horse") -> dict:
    return {"organization": {"display_name": name}, "admin_username": username, "admin_password": password}


def _name() -> str:
    return f"Acme {uuid.uuid4().hex[:8]}"


def test_create_with_first_admin_then_get(suite):
    display = _name()
    created = api(suite, "POST", "/api/v1/organizations", json=_body(display, "boss"))
    assert created.status_code == 201, created.text
    organization, admin = created.json()["organization"], created.json()["admin"]
    slug = display.lower().replace(" ", "-")
    assert organization["slug"] == slug
    assert organization["name"] == f"organizations/{slug}"
    assert organization["issuer"] == f"https://{slug}.id.prism.local"
    assert admin["username"] == "boss" and admin["role"] == "admin" and "password" not in admin
    login = api(
        suite, "POST", "/api/v1/auth/login", json={"org": slug, "username": "boss", "password": "correct horse"}
    )
    assert login.status_code == 200
    token = login.json()["token"]
    assert token["organization"] == slug and token["subject"] == admin["user_id"]
    fetched = api(suite, "GET", f"/api/v1/organizations/{slug}", token["access_token"])
    assert fetched.status_code == 200
    assert fetched.json()["organization"] == organization


def test_duplicate_is_409_and_unknown_is_403_or_404(suite):
    admin = create_org(suite)
    again = api(suite, "POST", "/api/v1/organizations", json=_body(admin.slug.upper().replace("-", " ")))
    assert again.status_code == 409
    assert again.json()["error"]["field"] == "organization.display_name"
    # another organization's name is refused the same way whether it exists or not
    for slug in (f"does-not-exist-{uuid.uuid4().hex[:6]}", create_org(suite).slug):
        response = api(suite, "GET", f"/api/v1/organizations/{slug}", admin)
        assert response.status_code == 403
        assert response.json()["error"]["message"] == "you cannot act in another organization"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "organization.display_name"),
        ({"organization": {"display_name": "   "}}, "organization.display_name"),
        ({"organization": {"display_name": "***"}}, "organization.display_name"),
        ({"organization": {"display_name": "x" * 201}}, "organization.display_name"),
        ({"organization": {"display_name": "Fine Name"}}, "admin_username"),
        ({"organization": {"display_name": "Fine Name"}, "admin_username": "a b"}, "admin_username"),
        ({"organization": {"display_name": "Fine Name"}, "admin_username": "ab"}, "admin_password"),
        (
            {"organization": {"display_name": "Fine Name"}, "admin_username": "ab", "admin_password": "short"},
            "admin_password",
        ),
    ],
)
def test_invalid_input_is_400_naming_the_field(suite, body, field):
    response = api(suite, "POST", "/api/v1/organizations", json=body)
    assert response.status_code == 400, response.text
    assert response.json()["error"]["field"] == field


def test_listing_shows_only_the_callers_organization(suite):
    first, second = create_org(suite), create_org(suite)
    listed = api(suite, "GET", "/api/v1/organizations", first).json()
    assert [o["slug"] for o in listed["organizations"]] == [first.slug]
    assert second.slug not in str(listed)
    assert api(suite, "GET", "/api/v1/organizations").status_code == 401


def test_grpc_errors_carry_error_info_and_field(suite):
    with grpc.insecure_channel(suite.addresses["directory"]) as channel:
        stub = directory_pb2_grpc.DirectoryServiceStub(channel)
        with pytest.raises(grpc.RpcError) as caught:
            stub.GetOrganization(
                directory_pb2.GetOrganizationRequest(name="projects/x"), metadata=internal_metadata(suite), timeout=10
            )
    error = caught.value
    assert error.code() == grpc.StatusCode.INVALID_ARGUMENT
    details = dict(error.trailing_metadata())["grpc-status-details-bin"]
    status = status_pb2.Status.FromString(details)
    info = error_details_pb2.ErrorInfo()
    bad = error_details_pb2.BadRequest()
    assert status.details[0].Unpack(info) and info.reason == "INVALID_ARGUMENT" and info.domain == "prism.dev"
    assert status.details[1].Unpack(bad) and bad.field_violations[0].field == "name"


def test_creation_is_audited_and_listed(suite):
    admin = create_org(suite)
    listed = api(
        suite, "GET", f"/api/v1/organizations/{admin.slug}/auditEvents", admin, params={"action_prefix": "directory."}
    )
    assert listed.status_code == 200
    events = {e["action"]: e for e in listed.json()["audit_events"]}
    assert set(events) == {"directory.organization.created", "directory.user.created"}
    event = events["directory.organization.created"]
    assert event["organization"] == admin.slug
    assert event["target"] == f"organizations/{admin.slug}"
    assert event["outcome"] == "OUTCOME_SUCCESS"
    assert event["component"] == "directory"
    assert set(event) >= {"id", "time", "actor", "details"}
    # ... and emitted once as a structured log line after the commit
    suite.wait_until(
        lambda: any(r.get("audit", {}).get("id") == event["id"] for r in suite.log_records()),
        timeout=10,
        what="the audit log line",
    )
    lines = [r for r in suite.log_records() if r.get("audit", {}).get("id") == event["id"]]
    assert len(lines) == 1
    assert lines[0]["logger"] == "prism.audit" and lines[0]["audit"]["organization"] == admin.slug
    assert api(suite, "GET", f"/api/v1/organizations/{admin.slug}/auditEvents").status_code == 401
