"""One trace id spans a gateway request and the service RPC it caused."""

from __future__ import annotations

import uuid

import httpx


def test_trace_id_follows_request_from_gateway_into_service(suite):
    name = f"Trace {uuid.uuid4().hex[:8]}"
    body = {"organization": {"display_name": name}, "admin_username": "admin", "admin_password": "password1"}
    response = httpx.post(f"{suite.base_url}/api/v1/organizations", json=body, timeout=10)
    assert response.status_code == 201, response.text
    trace_id = response.headers["x-trace-id"]
    assert len(trace_id) == 32 and int(trace_id, 16) != 0

    def spans_of_trace():
        return [s for s in suite.spans() if s["context"]["trace_id"] == f"0x{trace_id}"]

    suite.wait_until(
        lambda: (
            {"prism-gateway", "prism-directory"}
            <= {s["resource"]["attributes"]["service.name"] for s in spans_of_trace()}
        ),
        timeout=15,
        what="gateway and directory spans of the trace",
    )
    spans = spans_of_trace()
    by_service = {}
    for span in spans:
        by_service.setdefault(span["resource"]["attributes"]["service.name"], []).append(span)
    (rpc_span,) = [s for s in by_service["prism-directory"] if s["name"] == "prism.directory.CreateOrganization"]
    gateway_ids = {s["context"]["span_id"] for s in by_service["prism-gateway"]}
    assert rpc_span["kind"] == "SpanKind.SERVER"
    assert rpc_span["parent_id"] in gateway_ids  # the service span is a child of the gateway's client span
    client_span = next(s for s in by_service["prism-gateway"] if s["context"]["span_id"] == rpc_span["parent_id"])
    assert client_span["kind"] == "SpanKind.CLIENT"


def test_incoming_traceparent_is_continued(suite):
    trace_id = uuid.uuid4().hex
    header = f"00-{trace_id}-{'1' * 16}-01"
    response = httpx.get(f"{suite.base_url}/healthz", headers={"traceparent": header}, timeout=10)
    assert response.status_code == 200
    assert response.headers["x-trace-id"] == trace_id
