"""The delivery outbox: rows queued by intake, claimed by the worker, listed as the delivery log.

A delivery is one audit event for one webhook (unique (webhook, event), so re-reading events never
queues twice). Its `payload` is the exact JSON body that is signed and sent, fixed at intake.
States: `pending` (due at `next_attempt_at`), `succeeded`, `failed` (after `max_attempts`).
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass

from sqlalchemy import Table, and_, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from prism.runtime import clock, pagination
from prism.runtime.database import upsert_insert
from prism.runtime.errors import FailedPrecondition, InvalidArgument, NotFound
from services.webhooks.subscriptions import Subscriptions, Webhook
from services.webhooks.tables import attempts, deliveries

PENDING, SUCCEEDED, FAILED = "pending", "succeeded", "failed"


@dataclass(frozen=True)
class Attempt:
    number: int
    attempted_at_micros: int
    status_code: int
    error: str
    duration_ms: int


@dataclass(frozen=True)
class Delivery:
    id: str
    webhook_name: str
    event_id: str
    event_type: str
    state: str
    attempts: int
    next_attempt_at_micros: int
    created_at_micros: int
    completed_at_micros: int | None
    log: tuple[Attempt, ...] = ()

    @property
    def name(self) -> str:
        return f"{self.webhook_name}/deliveries/{self.id}"


async def insert_ignoring_duplicates(session: AsyncSession, table: Table, values: dict) -> bool:
    """INSERT … ON CONFLICT DO NOTHING; True if the row was inserted (replica-safe dedupe)."""
    key = next(iter(table.primary_key.columns))
    # RETURNING, not rowcount: psycopg reports -1 for an INSERT run through the ORM session
    inserted = upsert_insert(session, table).values(**values).on_conflict_do_nothing().returning(key)
    result = await session.execute(inserted)
    return result.first() is not None


async def enqueue(
    session: AsyncSession, webhook: Webhook, event_id: str, event_type: str, payload: dict, *, max_attempts: int
) -> bool:
    now = clock.now_micros()
    return await insert_ignoring_duplicates(
        session,
        deliveries,
        {
            "id": str(uuid.uuid4()),
            "webhook_id": webhook.id,
            "organization": webhook.owner.organization,
            "event_id": event_id,
            "event_type": event_type,
            "payload": json.dumps(payload, separators=(",", ":")),
            "state": PENDING,
            "attempts": 0,
            "max_attempts": max_attempts,
            "next_attempt_at": now,
            "created_at": now,
            "completed_at": None,
        },
    )


class DeliveryLog:
    def __init__(self, subscriptions: Subscriptions, max_attempts: int, on_queued) -> None:
        self.subscriptions = subscriptions
        self.transactions = subscriptions.transactions
        self.max_attempts = max_attempts
        self.on_queued = on_queued

    async def list(self, parent: str, size: int, token: str) -> tuple[list[Delivery], str]:
        limit = pagination.page_size(size)
        cursor = pagination.decode(token, keys=("t", "k"))
        async with self.transactions.begin() as uow:
            webhook = await self.subscriptions.find(uow.session, parent, field="parent")
            t, k = deliveries.c.created_at, deliveries.c.id
            query = (
                select(deliveries)
                .where(deliveries.c.webhook_id == webhook.id, deliveries.c.organization == webhook.owner.organization)
                .order_by(t.desc(), k.desc())
                .limit(limit + 1)
            )
            if cursor:
                query = query.where(or_(t < cursor["t"], and_(t == cursor["t"], k < cursor["k"])))
            rows = list((await uow.session.execute(query)).mappings())
            next_token = ""
            if len(rows) > limit:
                rows = rows[:limit]
                next_token = pagination.encode({"t": rows[-1]["created_at"], "k": rows[-1]["id"]})
            logs = await _attempts(uow.session, [r["id"] for r in rows])
        return [_delivery(webhook, r, logs.get(r["id"], ())) for r in rows], next_token

    async def redeliver(self, name: str) -> Delivery:
        webhook_name, sep, delivery_id = name.rpartition("/deliveries/")
        if not sep or not delivery_id or "/" in delivery_id:
            raise InvalidArgument(f"name must look like {{webhook name}}/deliveries/{{id}}, got {name!r}", field="name")
        now = clock.now_micros()
        async with self.transactions.begin() as uow:
            webhook = await self.subscriptions.find(uow.session, webhook_name, field="name")
            scope = and_(deliveries.c.webhook_id == webhook.id, deliveries.c.id == delivery_id)
            row = (await uow.session.execute(select(deliveries).where(scope))).mappings().first()
            if row is None:
                raise NotFound(f"delivery {name!r} does not exist", field="name")
            if row["state"] == PENDING:  # it may be in flight right now: queuing it again could send it twice
                raise FailedPrecondition(
                    f"delivery {name!r} is still pending: it is retried on its own; redeliver it once it has "
                    "succeeded or failed",
                    reason="DELIVERY_PENDING",
                )
            await uow.session.execute(
                update(deliveries)
                .where(scope)
                .values(
                    state=PENDING,
                    next_attempt_at=now,
                    completed_at=None,
                    max_attempts=row["attempts"] + self.max_attempts,
                )
            )
            row = (await uow.session.execute(select(deliveries).where(scope))).mappings().first()
            logs = await _attempts(uow.session, [delivery_id])
        self.on_queued()
        return _delivery(webhook, row, logs.get(delivery_id, ()))


async def _attempts(session: AsyncSession, ids: list[str]) -> dict[str, tuple[Attempt, ...]]:
    if not ids:
        return {}
    query = select(attempts).where(attempts.c.delivery_id.in_(ids)).order_by(attempts.c.delivery_id, attempts.c.number)
    found: dict[str, list[Attempt]] = {}
    for r in (await session.execute(query)).mappings():
        found.setdefault(r["delivery_id"], []).append(
            Attempt(r["number"], r["attempted_at"], r["status_code"], r["error"], r["duration_ms"])
        )
    return {k: tuple(v) for k, v in found.items()}


def _delivery(webhook: Webhook, row, log: tuple[Attempt, ...]) -> Delivery:
    return Delivery(
        id=row["id"],
        webhook_name=webhook.name,
        event_id=row["event_id"],
        event_type=row["event_type"],
        state=row["state"],
        attempts=row["attempts"],
        next_attempt_at_micros=row["next_attempt_at"],
        created_at_micros=row["created_at"],
        completed_at_micros=row["completed_at"],
        log=log,
    )
