"""The audit outbox: one table per component, written in the same transaction as the change."""

from __future__ import annotations

import json
import uuid

from sqlalchemy import JSON, BigInteger, Boolean, Column, Index, MetaData, String, Table, and_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from prism.runtime import clock
from prism.runtime.audit.events import AuditEvent, Outcome, StoredAuditEvent


def define_audit_table(metadata: MetaData, component: str) -> Table:
    name = f"{component}_audit_events"
    return Table(
        name,
        metadata,
        Column("id", String(36), primary_key=True),
        Column("occurred_at", BigInteger, nullable=False),  # microseconds since the epoch
        Column("organization", String(128), nullable=True),
        Column("actor", String(512), nullable=False),
        Column("action", String(128), nullable=False),
        Column("target", String(512), nullable=False),
        Column("outcome", String(16), nullable=False),
        Column("details", JSON, nullable=False),
        Column("emitted", Boolean, nullable=False, default=False),
        Index(f"ix_{name}_org_time", "organization", "occurred_at", "id"),
        Index(f"ix_{name}_time", "occurred_at", "id"),
        Index(f"ix_{name}_pending", "emitted"),
    )


class AuditOutbox:
    def __init__(self, table: Table, component: str) -> None:
        self.table = table
        self.component = component

    async def record(self, session: AsyncSession, event: AuditEvent) -> str:
        """Add `event` to the caller's transaction; it is emitted only if that transaction commits."""
        event_id = str(uuid.uuid4())
        json.dumps(event.details)  # refuse what cannot be stored before the change commits
        await session.execute(
            self.table.insert().values(
                id=event_id,
                occurred_at=clock.now_micros(),
                organization=event.organization,
                actor=event.actor,
                action=event.action,
                target=event.target,
                outcome=event.outcome.value,
                details=event.details,
                emitted=False,
            )
        )
        return event_id

    async def list(
        self,
        session: AsyncSession,
        *,
        organization: str | None,
        before: tuple[int, str] | None,
        limit: int,
        action_prefix: str = "",
    ) -> list[StoredAuditEvent]:
        """Events newest first; `organization=None` lists every organization's."""
        t = self.table
        query = select(t).order_by(t.c.occurred_at.desc(), t.c.id.desc()).limit(limit)
        if organization is not None:
            query = query.where(t.c.organization == organization)
        if before is not None:
            at, event_id = before
            query = query.where(or_(t.c.occurred_at < at, and_(t.c.occurred_at == at, t.c.id < event_id)))
        if action_prefix:
            query = query.where(t.c.action.startswith(action_prefix, autoescape=True))
        rows = (await session.execute(query)).mappings().all()
        return [self._stored(row) for row in rows]

    def _stored(self, row) -> StoredAuditEvent:
        return StoredAuditEvent(
            id=row["id"],
            occurred_at_micros=row["occurred_at"],
            component=self.component,
            event=AuditEvent(
                action=row["action"],
                target=row["target"],
                actor=row["actor"],
                organization=row["organization"],
                outcome=Outcome(row["outcome"]),
                details=row["details"] or {},
            ),
        )
