"""Organizations through the REST API (transcoded) and over gRPC, with their audit events."""

from __future__ import annotations

import uuid

import grpc
import httpx
import pytest
from google.rpc import error_details_pb2, status_pb2

from prism.directory.v1 import directory_pb2, directory_pb2_grpc


def _name() -> str:
    return f"Acme {uuid.uuid4().hex[:8]}"


def test_create_get_and_slug(suite):
    display = _name()
    created = httpx.post(f"{suite.base_url}/api/v1/organizations", json={"display_name": display}, timeout=10)
    assert created.status_code == 201, created.text
    organization = created.json()["organization"]
    slug = display.lower().replace(" ", "-")
    assert organization["slug"] == slug
    assert organization["name"] == f"organizations/{slug}"
    assert organization["issuer"] == f"https://{slug}.id.prism.local"
    fetched = httpx.get(f"{suite.base_url}/api/v1/organizations/{slug}", timeout=10)
    assert fetched.status_code == 200
    assert fetched.json()["organization"] == organization


def test_duplicate_is_409_and_unknown_is_404(suite):
    display = _name()
    assert (
        httpx.post(f"{suite.base_url}/api/v1/organizations", json={"display_name": display}, timeout=10).status_code
        == 201
    )
    again = httpx.post(f"{suite.base_url}/api/v1/organizations", json={"display_name": display.upper()}, timeout=10)
    assert again.status_code == 409
    assert again.json()["error"]["field"] == "organization.display_name"
    missing = httpx.get(f"{suite.base_url}/api/v1/organizations/does-not-exist-{uuid.uuid4().hex[:6]}", timeout=10)
    assert missing.status_code == 404
    assert missing.json()["error"]["field"] == "name"


@pytest.mark.parametrize("body", [{}, {"display_name": "   "}, {"display_name": "***"}, {"display_name": "x" * 201}])
def test_invalid_display_names_are_400(suite, body):
    response = httpx.post(f"{suite.base_url}/api/v1/organizations", json=body, timeout=10)
    assert response.status_code == 400
    assert response.json()["error"]["field"] == "organization.display_name"


def test_pagination_walks_every_organization_once(suite):
    for _ in range(3):
        httpx.post(f"{suite.base_url}/api/v1/organizations", json={"display_name": _name()}, timeout=10)
    seen, token = [], ""
    while True:
        page = httpx.get(
            f"{suite.base_url}/api/v1/organizations", params={"page_size": 2, "page_token": token}, timeout=10
        ).json()
        assert len(page["organizations"]) <= 2
        seen += [o["slug"] for o in page["organizations"]]
        token = page["next_page_token"]
        if not token:
            break
    assert len(seen) == len(set(seen)) >= 3


def test_grpc_errors_carry_error_info_and_field(suite):
    with grpc.insecure_channel(suite.addresses["directory"]) as channel:
        stub = directory_pb2_grpc.DirectoryServiceStub(channel)
        with pytest.raises(grpc.RpcError) as caught:
            stub.GetOrganization(directory_pb2.GetOrganizationRequest(name="projects/x"), timeout=10)
    error = caught.value
    assert error.code() == grpc.StatusCode.INVALID_ARGUMENT
    details = dict(error.trailing_metadata())["grpc-status-details-bin"]
    status = status_pb2.Status.FromString(details)
    info = error_details_pb2.ErrorInfo()
    bad = error_details_pb2.BadRequest()
    assert status.details[0].Unpack(info) and info.reason == "INVALID_ARGUMENT" and info.domain == "prism.dev"
    assert status.details[1].Unpack(bad) and bad.field_violations[0].field == "name"


def test_creation_is_audited_and_listed(suite):
    display = _name()
    slug = httpx.post(f"{suite.base_url}/api/v1/organizations", json={"display_name": display}, timeout=10).json()[
        "organization"
    ]["slug"]
    listed = httpx.get(f"{suite.base_url}/api/v1/organizations/{slug}/auditEvents", timeout=10)
    assert listed.status_code == 200
    (event,) = listed.json()["audit_events"]
    assert event["action"] == "directory.organization.created"
    assert event["organization"] == slug
    assert event["target"] == f"organizations/{slug}"
    assert event["outcome"] == "OUTCOME_SUCCESS"
    assert event["component"] == "directory"
    assert event["details"] == {"display_name": display}
    assert set(event) >= {"id", "time", "actor"}
    # ... and emitted once as a structured log line after the commit
    suite.wait_until(
        lambda: any(r.get("audit", {}).get("id") == event["id"] for r in suite.log_records()),
        timeout=10,
        what="the audit log line",
    )
    lines = [r for r in suite.log_records() if r.get("audit", {}).get("id") == event["id"]]
    assert len(lines) == 1
    assert lines[0]["logger"] == "prism.audit" and lines[0]["audit"]["organization"] == slug
