"""`GET /api/v1/organizations/{slug}/auditEvents`: every component's events, merged newest first.

Each data-owning service lists its own outbox; the page token is a global cursor (time, id), so the
gateway asks each service for a page before the cursor, merges, and cuts one page.
"""

from __future__ import annotations

import asyncio

from google.protobuf import json_format
from starlette.requests import Request
from starlette.responses import JSONResponse

from prism.audit.v1 import audit_grpc, audit_pb2
from prism.runtime import pagination
from prism.runtime.audit.servicer import cursor_token
from prism.runtime.components import DATA_OWNERS
from prism.runtime.errors import InvalidArgument
from prism.runtime.resource_names import parse_organization_parent


async def list_audit_events(request: Request) -> JSONResponse:
    clients = request.app.state.clients
    parent = f"organizations/{request.path_params['slug']}"
    parse_organization_parent(parent, allow_wildcard=True)
    known = {"page_size", "page_token", "action_prefix"}
    for key in request.query_params:
        if key not in known:
            raise InvalidArgument(f"unknown query parameter {key!r}", field=key)
    try:
        size = pagination.page_size(int(request.query_params.get("page_size", "0")))
    except ValueError:
        raise InvalidArgument("page_size must be a whole number", field="page_size") from None
    upstream = audit_pb2.ListAuditEventsRequest(
        parent=parent,
        page_size=size,
        page_token=request.query_params.get("page_token", ""),
        action_prefix=request.query_params.get("action_prefix", ""),
    )

    async def one(component: str):
        stub = audit_grpc.AuditServiceStub(clients.channel(component))
        return await clients.call(
            component, stub.ListAuditEvents, upstream, authorization=request.headers.get("authorization")
        )

    answers = await asyncio.gather(*(one(c.name) for c in DATA_OWNERS))
    merged = sorted(
        (e for a in answers for e in a.audit_events), key=lambda e: (e.time.ToMicroseconds(), e.id), reverse=True
    )
    page = merged[:size]
    more = len(merged) > size or any(a.next_page_token for a in answers)
    token = cursor_token(page[-1].time.ToMicroseconds(), page[-1].id) if page and more else ""
    events = [json_format.MessageToDict(e, preserving_proto_field_name=True) for e in page]
    return JSONResponse({"audit_events": events, "next_page_token": token})
