"""The delivery worker: claims due rows of the outbox and POSTs them, signed, each in its own task.

- Claiming takes due `pending` rows (`FOR UPDATE SKIP LOCKED` on PostgreSQL, the single writer on
  SQLite) and moves their `next_attempt_at` a lease ahead, so another replica does not take them and
  a process that dies mid-attempt leaves them due again once the lease runs out.
- At most `concurrency` deliveries are in flight, and at most `per_webhook` per webhook, each bounded
  by the attempt timeout: a slow or failing receiver never holds back the others.
- Each attempt is recorded (status, error, duration). A 2xx succeeds; anything else is retried after
  an exponential backoff with jitter, until `max_attempts`, then the delivery is `failed`.
- Receivers are reached through the same SSRF guard as federation key fetching: every resolved
  address must be public unless the host is in PRISM_WEBHOOKS_ALLOWED_HOSTS; redirects are not followed.
"""

from __future__ import annotations

import asyncio
import logging
import random
import ssl
import time
from collections import Counter
from dataclasses import dataclass

import httpcore
from sqlalchemy import select, update

from prism.runtime import clock
from prism.runtime.background import PeriodicTask
from prism.runtime.database import Database
from prism.runtime.outbound import AddressRefused, GuardedBackend
from services.webhooks import signing
from services.webhooks.deliveries import FAILED, PENDING, SUCCEEDED, insert_ignoring_duplicates
from services.webhooks.receivers import ALLOW_SETTING
from services.webhooks.subscriptions import Subscriptions, Webhook, _webhook
from services.webhooks.tables import attempts, deliveries, webhooks

log = logging.getLogger("prism.webhooks.delivery")
LEASE_EXTRA_SECONDS = 30.0  # a claimed row is due again this long after the attempt's timeout


@dataclass(frozen=True)
class Claimed:
    id: str
    webhook: Webhook
    event_type: str
    payload: str
    attempts: int
    max_attempts: int


def backoff_seconds(failed_attempts: int, base: float, cap: float) -> float:
    """Exponential backoff with "equal jitter": half the delay fixed, half random."""
    delay = min(cap, base * 2 ** (failed_attempts - 1))
    return delay / 2 + random.uniform(0, delay / 2)


class DeliveryWorker:
    def __init__(self, database: Database, subscriptions: Subscriptions, settings) -> None:
        self.database = database
        self.subscriptions = subscriptions
        self.timeout = settings.webhooks_timeout_seconds
        self.base = settings.webhooks_retry_base_seconds
        self.cap = settings.webhooks_retry_max_seconds
        self.concurrency = settings.webhooks_concurrency
        self.per_webhook = settings.webhooks_per_webhook_concurrency
        self._in_flight: Counter[str] = Counter()
        self._tasks: set[asyncio.Task] = set()
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=ssl.create_default_context(),
            network_backend=GuardedBackend(httpcore.AnyIOBackend(), settings.allowed_hosts, ALLOW_SETTING),
            max_connections=self.concurrency,
            keepalive_expiry=30,
        )
        self._loop = PeriodicTask("webhooks-delivery", self.dispatch, settings.webhooks_poll_seconds)

    def wake(self) -> None:
        self._loop.wake()

    def start(self) -> None:
        self._loop.start()

    async def stop(self) -> None:
        await self._loop.stop()
        if self._tasks:  # attempts in flight get their timeout to finish; the lease covers the rest
            await asyncio.wait(self._tasks, timeout=self.timeout)
            for task in self._tasks:
                task.cancel()
        await self._pool.aclose()

    async def dispatch(self) -> int:
        free = self.concurrency - len(self._tasks)
        if free <= 0:
            return 0
        claimed = await self._claim(free)
        for item in claimed:
            self._in_flight[item.webhook.id] += 1
            task = asyncio.create_task(self._deliver(item), name=f"webhook-delivery-{item.id}")
            self._tasks.add(task)
            task.add_done_callback(lambda t, hook=item.webhook.id: self._done(t, hook))
        return len(claimed)

    def _done(self, task: asyncio.Task, webhook_id: str) -> None:
        self._tasks.discard(task)
        self._in_flight[webhook_id] -= 1
        if self._in_flight[webhook_id] <= 0:
            del self._in_flight[webhook_id]
        if not task.cancelled() and task.exception() is not None:
            log.error("a delivery task failed", exc_info=task.exception())
        self.wake()  # a slot is free

    async def _claim(self, limit: int) -> list[Claimed]:
        now = clock.now_micros()
        lease = now + int((self.timeout + LEASE_EXTRA_SECONDS) * clock.MICROS)
        busy = [hook for hook, count in self._in_flight.items() if count >= self.per_webhook]
        d = deliveries.c
        async with self.database.transaction() as session:
            query = (
                select(d.id, d.webhook_id, d.event_type, d.payload, d.attempts, d.max_attempts)
                .where(d.state == PENDING, d.next_attempt_at <= now)
                .order_by(d.next_attempt_at)
                .limit(limit * 4)
            )
            if busy:
                query = query.where(d.webhook_id.not_in(busy))
            if not self.database.is_sqlite:
                query = query.with_for_update(skip_locked=True)
            rows = (await session.execute(query)).mappings().all()
            taken, per_hook = [], Counter(self._in_flight)
            for row in rows:
                if len(taken) < limit and per_hook[row["webhook_id"]] < self.per_webhook:
                    per_hook[row["webhook_id"]] += 1
                    taken.append(row)
            if not taken:
                return []
            await session.execute(
                update(deliveries).where(d.id.in_([r["id"] for r in taken])).values(next_attempt_at=lease)
            )
            hook_ids = {r["webhook_id"] for r in taken}
            found = (await session.execute(select(webhooks).where(webhooks.c.id.in_(hook_ids)))).mappings()
            hooks = {r["id"]: _webhook(r) for r in found}
        return [
            Claimed(r["id"], hooks[r["webhook_id"]], r["event_type"], r["payload"], r["attempts"], r["max_attempts"])
            for r in taken
            if r["webhook_id"] in hooks
        ]

    async def _deliver(self, item: Claimed) -> None:
        number = item.attempts + 1
        started_micros, started = clock.now_micros(), time.monotonic()
        status, error = 0, ""
        if not item.webhook.active:
            error = "the webhook is inactive"
        else:
            try:
                status = await self._post(item)
            except AddressRefused as exc:
                error = str(exc)
            except (TimeoutError, httpcore.TimeoutException):
                error = f"no answer within {self.timeout:g} s"
            except (
                httpcore.NetworkError,
                httpcore.ProtocolError,
                httpcore.UnsupportedProtocol,
                OSError,
                ssl.SSLError,
            ) as exc:
                error = f"cannot reach the receiver: {exc or type(exc).__name__}"
            if status and not 200 <= status < 300:
                error = f"the receiver answered HTTP {status}"
        duration_ms = int((time.monotonic() - started) * 1000)
        await self._record(item, number, started_micros, status, error[:500], duration_ms)

    async def _post(self, item: Claimed) -> int:
        secret = self.subscriptions.secret_of(item.webhook)
        body = item.payload.encode()
        timestamp = int(time.time())
        headers = [
            (b"Content-Type", b"application/json"),
            (b"User-Agent", b"Prism-Webhooks/1"),
            (b"Prism-Webhook-Id", item.id.encode()),
            (b"Prism-Webhook-Event", item.event_type.encode()),
            (b"Prism-Webhook-Timestamp", str(timestamp).encode()),
            (b"Prism-Webhook-Signature", signing.signature(secret, timestamp, body).encode()),
        ]
        extensions = {
            "timeout": {"connect": self.timeout, "read": self.timeout, "write": self.timeout, "pool": self.timeout}
        }
        async with asyncio.timeout(self.timeout):
            async with self._pool.stream(
                "POST", item.webhook.url, headers=headers, content=body, extensions=extensions
            ) as response:
                return response.status

    async def _record(self, item: Claimed, number: int, at: int, status: int, error: str, duration_ms: int) -> None:
        now = clock.now_micros()
        values: dict = {"attempts": number}
        if not error:
            values.update(state=SUCCEEDED, completed_at=now)
        elif number >= item.max_attempts:
            values.update(state=FAILED, completed_at=now)
        else:
            delay = backoff_seconds(number, self.base, self.cap)
            values.update(next_attempt_at=now + int(delay * clock.MICROS))
        d = deliveries.c
        async with self.database.transaction() as session:
            changed = await session.execute(
                update(deliveries)
                .where(d.id == item.id, d.state == PENDING, d.attempts == item.attempts)
                .values(**values)
            )
            if changed.rowcount != 1:
                return  # deleted, or redelivered meanwhile: this attempt's result no longer applies
            await insert_ignoring_duplicates(
                session,
                attempts,
                {
                    "delivery_id": item.id,
                    "number": number,
                    "attempted_at": at,
                    "status_code": status,
                    "error": error,
                    "duration_ms": duration_ms,
                },
            )
        outcome = values.get("state", "retrying")
        log.info(
            "webhook delivery %s attempt %d: %s",
            item.id,
            number,
            error or f"HTTP {status}",
            extra={"delivery": item.id, "webhook": item.webhook.name, "attempt": number, "outcome": outcome},
        )
