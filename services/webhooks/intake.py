"""Event intake: every component's audit events, read through its AuditService, fanned out to the
matching webhooks as rows of the delivery outbox.

Per component a durable cursor holds the newest event time seen. Each pass lists that component's
events (every organization, newest first) back to `cursor - lag`: an event committed late with an
earlier timestamp still falls in the window. Every event id is recorded once in
`webhooks_intake_events` (INSERT … ON CONFLICT DO NOTHING), and only the pass that inserted it queues
its deliveries, so re-reads and replicas never queue an event twice. The first pass of a new
installation starts at "now": history is not delivered, and a webhook receives only events that
happened after it was created. While no webhook is active, a pass reads nothing and only moves the
cursors to "now" (an idle installation costs a read and an UPDATE that rarely writes a pass, not a
re-read of every log).

A component that does not answer is skipped for this pass and read on the next one (its cursor has
not moved, so nothing is lost); webhooks of other components are not held back.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable

import grpc
from google.protobuf import json_format
from sqlalchemy import delete, select, update

from prism.audit.v1 import audit_pb2, audit_pb2_grpc
from prism.runtime import clock
from prism.runtime.audit.events import Outcome
from prism.runtime.database import Database
from prism.runtime.structs import plain
from services.webhooks import event_types
from services.webhooks.deliveries import enqueue, insert_ignoring_duplicates
from services.webhooks.subscriptions import Webhook, active_webhooks
from services.webhooks.tables import intake_cursors, intake_events

log = logging.getLogger("prism.webhooks.intake")
PAGE_SIZE = 500
KEEP_SEEN_MICROS = 3600 * clock.MICROS  # ids stay recorded this long behind the re-read window
_OUTCOMES = {
    audit_pb2.OUTCOME_SUCCESS: Outcome.SUCCESS.value,
    audit_pb2.OUTCOME_FAILURE: Outcome.FAILURE.value,
    audit_pb2.OUTCOME_DENIED: Outcome.DENIED.value,
}


def payload(event: audit_pb2.AuditEvent) -> dict:
    """The JSON body of a delivery (README.md, "Webhooks")."""
    occurred = datetime.datetime.fromtimestamp(event.time.ToMicroseconds() / clock.MICROS, tz=datetime.UTC)
    return {
        "id": event.id,
        "type": event.action,
        "occurred_at": occurred.isoformat(timespec="microseconds").replace("+00:00", "Z"),
        "organization": event.organization,
        "actor": event.actor,
        "target": event.target,
        "outcome": _OUTCOMES.get(event.outcome, ""),
        "details": plain(json_format.MessageToDict(event.details)),  # Struct numbers are doubles
    }


def concerns_user(event: audit_pb2.AuditEvent, user_id: str) -> bool:
    """A user's own events: the user acted, or the event's target is (under) the user."""
    if event.actor == user_id:
        return True
    parts = event.target.split("/")
    return any(parts[i] == "users" and parts[i + 1] == user_id for i in range(len(parts) - 1))


def subscribed(webhook: Webhook, event: audit_pb2.AuditEvent) -> bool:
    if not event.organization or webhook.owner.organization != event.organization:
        return False
    if event.time.ToMicroseconds() < webhook.created_at_micros:
        return False
    if not event_types.matches(webhook.event_types, event.action):
        return False
    return not webhook.owner.user_id or concerns_user(event, webhook.owner.user_id)


class Intake:
    def __init__(
        self,
        database: Database,
        channels: dict[str, grpc.aio.Channel],
        metadata: tuple[tuple[str, str], ...],
        *,
        lag_seconds: float,
        max_attempts: int,
        on_queued: Callable[[], None],
    ) -> None:
        self.database = database
        self.stubs = {name: audit_pb2_grpc.AuditServiceStub(channel) for name, channel in channels.items()}
        self.metadata = metadata
        self.lag_micros = int(lag_seconds * clock.MICROS)
        self.max_attempts = max_attempts
        self.on_queued = on_queued
        self._cursors_exist = False

    async def poll(self) -> int:
        """One pass over every component; returns how many deliveries were queued."""
        async with self.database.transaction() as session:
            hooks = await active_webhooks(session)
        if not hooks:  # nothing to deliver: keep the cursors at "now" instead of re-reading every log
            await self._idle()
            return 0
        queued = 0
        for component, stub in self.stubs.items():
            try:
                queued += await self._component(component, stub, hooks)
            except grpc.aio.AioRpcError as error:
                log.warning(
                    "cannot read %s's audit events (%s); trying again on the next pass",
                    component,
                    error.code().name,
                    extra={"component": component},
                )
        if queued:
            self.on_queued()
        return queued

    async def _idle(self) -> None:
        """No active webhook: keep every cursor near now, with one UPDATE that writes only when a cursor
        is more than half the re-read window behind. A webhook receives only events after its creation,
        and the re-read window of the next pass still covers the instant it was created."""
        now = clock.now_micros()
        async with self.database.transaction() as session:
            if not self._cursors_exist:  # once per process: a new installation's cursors start at now
                for component in self.stubs:
                    await insert_ignoring_duplicates(session, intake_cursors, {"component": component, "position": now})
                self._cursors_exist = True
            await session.execute(
                update(intake_cursors)
                .where(intake_cursors.c.position < now - self.lag_micros // 2)
                .values(position=now)
            )

    async def _component(self, component: str, stub, hooks: list[Webhook]) -> int:
        async with self.database.transaction() as session:
            cursor = await session.scalar(
                select(intake_cursors.c.position).where(intake_cursors.c.component == component)
            )
            if cursor is None:
                await insert_ignoring_duplicates(
                    session, intake_cursors, {"component": component, "position": clock.now_micros()}
                )
                return 0
        floor = cursor - self.lag_micros
        events = await self._read_since(stub, floor)
        if not events:
            return 0
        queued = 0
        async with self.database.transaction() as session:
            seen = set(
                (
                    await session.execute(
                        select(intake_events.c.event_id).where(intake_events.c.event_id.in_([e.id for e in events]))
                    )
                ).scalars()
            )
            for event in reversed(events):  # oldest first
                if event.id in seen:
                    continue
                record = {"event_id": event.id, "component": component, "occurred_at": event.time.ToMicroseconds()}
                if not await insert_ignoring_duplicates(session, intake_events, record):
                    continue  # another replica took it
                matching = [hook for hook in hooks if subscribed(hook, event)]
                if matching:
                    body = payload(event)
                    for hook in matching:
                        queued += await enqueue(
                            session, hook, event.id, event.action, body, max_attempts=self.max_attempts
                        )
            newest = max(e.time.ToMicroseconds() for e in events)
            await session.execute(
                update(intake_cursors)
                .where(intake_cursors.c.component == component, intake_cursors.c.position < newest)
                .values(position=newest)
            )
            await session.execute(
                delete(intake_events).where(
                    intake_events.c.component == component, intake_events.c.occurred_at < floor - KEEP_SEEN_MICROS
                )
            )
        return queued

    async def _read_since(self, stub, floor: int) -> list[audit_pb2.AuditEvent]:
        """The component's events at or after `floor`, newest first."""
        events: list[audit_pb2.AuditEvent] = []
        token = ""
        while True:
            request = audit_pb2.ListAuditEventsRequest(parent="organizations/-", page_size=PAGE_SIZE, page_token=token)
            answer = await stub.ListAuditEvents(request, metadata=self.metadata, timeout=10)
            for event in answer.audit_events:
                if event.time.ToMicroseconds() < floor:
                    return events
                events.append(event)
            if not answer.next_page_token:
                return events
            token = answer.next_page_token
