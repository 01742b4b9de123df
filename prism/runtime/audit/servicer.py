"""AuditService: lists one component's audit events (the gateway merges every component's)."""

from __future__ import annotations

from google.protobuf import struct_pb2, timestamp_pb2

from prism.audit.v1 import audit_pb2, audit_pb2_grpc
from prism.runtime import pagination
from prism.runtime.audit.events import Outcome, StoredAuditEvent
from prism.runtime.audit.outbox import AuditOutbox
from prism.runtime.database import Database
from prism.runtime.errors import InvalidArgument
from prism.runtime.resource_names import parse_organization_parent

_OUTCOMES = {
    Outcome.SUCCESS: audit_pb2.OUTCOME_SUCCESS,
    Outcome.FAILURE: audit_pb2.OUTCOME_FAILURE,
    Outcome.DENIED: audit_pb2.OUTCOME_DENIED,
}


def to_proto(stored: StoredAuditEvent) -> audit_pb2.AuditEvent:
    details = struct_pb2.Struct()
    details.update(stored.event.details)
    time = timestamp_pb2.Timestamp()
    time.FromMicroseconds(stored.occurred_at_micros)
    return audit_pb2.AuditEvent(
        id=stored.id,
        time=time,
        organization=stored.event.organization or "",
        actor=stored.event.actor,
        action=stored.event.action,
        target=stored.event.target,
        outcome=_OUTCOMES[stored.event.outcome],
        details=details,
        component=stored.component,
    )


def cursor_token(time_micros: int, event_id: str) -> str:
    return pagination.encode({"t": time_micros, "id": event_id})


def parse_cursor(token: str) -> tuple[int, str] | None:
    cursor = pagination.decode(token, keys=("t", "id"))
    if cursor is None:
        return None
    if not isinstance(cursor["t"], int) or not isinstance(cursor["id"], str):
        raise InvalidArgument("page_token is not valid", field="page_token")
    return cursor["t"], cursor["id"]


class AuditServicer(audit_pb2_grpc.AuditServiceServicer):
    def __init__(self, database: Database, outbox: AuditOutbox) -> None:
        self.database = database
        self.outbox = outbox

    async def ListAuditEvents(self, request, context):
        organization = parse_organization_parent(request.parent, allow_wildcard=True)
        limit = pagination.page_size(request.page_size)
        before = parse_cursor(request.page_token)
        async with self.database.transaction() as session:
            events = await self.outbox.list(
                session, organization=organization, before=before, limit=limit + 1, action_prefix=request.action_prefix
            )
        page, more = events[:limit], len(events) > limit
        token = cursor_token(page[-1].occurred_at_micros, page[-1].id) if more else ""
        return audit_pb2.ListAuditEventsResponse(audit_events=[to_proto(e) for e in page], next_page_token=token)
