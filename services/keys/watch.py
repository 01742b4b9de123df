"""The key-set change feed behind WatchKeys.

Each replica polls `keys_rings.updated_at` (a cheap indexed query, every PRISM_KEYS_WATCH_POLL_SECONDS)
and is poked at once after its own changes, so a rotation made by any replica reaches every
subscriber of every replica within a second. A change is loaded once and fanned out to the
subscribers whose organizations it concerns.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field

from prism.runtime.background import PeriodicTask
from prism.runtime.clock import MICROS, Clock
from prism.runtime.service_app import Transactions
from services.keys.keyring import Ring
from services.keys.repository import KeyRingRepository

log = logging.getLogger("prism.keys.watch")
OVERLAP_MICROS = 2 * MICROS  # re-read this much before the watermark: commits may land out of order
QUEUE_LIMIT = 1024


@dataclass(eq=False)
class Subscriber:
    organizations: frozenset[str] | None  # None: every organization
    queue: asyncio.Queue = field(default_factory=lambda: asyncio.Queue(QUEUE_LIMIT))
    overflowed: bool = False

    def wants(self, organization: str) -> bool:
        return self.organizations is None or organization in self.organizations


class KeySetFeed:
    def __init__(
        self, transactions: Transactions, repository: KeyRingRepository, clock: Clock, poll_seconds: float
    ) -> None:
        self.transactions = transactions
        self.repository = repository
        self.clock = clock
        self.poll_seconds = poll_seconds
        self.subscribers: set[Subscriber] = set()
        self._sent: dict[str, int] = {}
        self._watermark = clock.now_micros() - OVERLAP_MICROS
        self._loop = PeriodicTask("keys-watch-feed", self.poll, poll_seconds)

    def subscribe(self, organizations: frozenset[str] | None) -> Subscriber:
        subscriber = Subscriber(organizations)
        self.subscribers.add(subscriber)
        return subscriber

    def unsubscribe(self, subscriber: Subscriber) -> None:
        self.subscribers.discard(subscriber)

    def poke(self) -> None:
        self._loop.wake()

    def start(self) -> None:
        self._loop.start()

    async def stop(self) -> None:
        await self._loop.stop()

    async def poll(self) -> int:
        async with self.transactions.begin() as uow:
            changes = await self.repository.changed_since(uow.session, self._watermark - OVERLAP_MICROS)
        published = 0
        for organization, version, updated_at in changes:
            self._watermark = max(self._watermark, updated_at)
            if version <= self._sent.get(organization, 0):
                continue
            self._sent[organization] = version
            if not any(s.wants(organization) for s in self.subscribers):
                continue
            async with self.transactions.begin() as uow:
                ring = await self.repository.get(uow.session, organization)
            if ring is not None:
                self.publish(ring)
                published += 1
        return published

    def publish(self, ring: Ring) -> None:
        for subscriber in list(self.subscribers):
            if not subscriber.wants(ring.organization):
                continue
            try:
                subscriber.queue.put_nowait(ring)
            except asyncio.QueueFull:  # a stuck subscriber is cut off; it reconnects and resyncs
                subscriber.overflowed = True
