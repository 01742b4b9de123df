"""Emits committed audit events as structured log lines, once each, even with several replicas.

A background task claims pending rows (`FOR UPDATE SKIP LOCKED` on PostgreSQL, the single
writer lock on SQLite), logs them on the `prism.audit` logger and marks them emitted in the same
transaction. `notify()` wakes it right after a commit; otherwise it polls.
"""

from __future__ import annotations

import logging

from sqlalchemy import select, update

from prism.runtime.audit.outbox import AuditOutbox
from prism.runtime.background import PeriodicTask
from prism.runtime.database import Database

audit_log = logging.getLogger("prism.audit")
log = logging.getLogger("prism.audit.relay")


class AuditRelay:
    def __init__(self, database: Database, outbox: AuditOutbox, *, poll_seconds: float = 1.0, batch: int = 200) -> None:
        self.database = database
        self.outbox = outbox
        self.poll_seconds = poll_seconds
        self.batch = batch
        self._loop = PeriodicTask(f"audit-relay-{outbox.component}", self.drain, poll_seconds)

    def notify(self) -> None:
        self._loop.wake()

    def start(self) -> None:
        self._loop.start()

    async def stop(self) -> None:
        await self._loop.stop()
        await self.drain()

    async def drain(self) -> int:
        """Emit every pending event now; returns how many were emitted."""
        total = 0
        while True:
            emitted = await self._emit_batch()
            total += emitted
            if emitted < self.batch:
                return total

    async def _emit_batch(self) -> int:
        t = self.outbox.table
        async with self.database.transaction() as session:
            query = select(t).where(t.c.emitted.is_(False)).order_by(t.c.occurred_at, t.c.id).limit(self.batch)
            if not self.database.is_sqlite:
                query = query.with_for_update(skip_locked=True)
            rows = (await session.execute(query)).mappings().all()
            if not rows:
                return 0
            for row in rows:
                audit_log.info(
                    row["action"],
                    extra={
                        "audit": {
                            "id": row["id"],
                            "time_micros": row["occurred_at"],
                            "component": self.outbox.component,
                            "organization": row["organization"],
                            "actor": row["actor"],
                            "action": row["action"],
                            "target": row["target"],
                            "outcome": row["outcome"],
                            "details": row["details"],
                        }
                    },
                )
            await session.execute(update(t).where(t.c.id.in_([r["id"] for r in rows])).values(emitted=True))
            return len(rows)
