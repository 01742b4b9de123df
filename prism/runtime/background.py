"""The one shape of a service's background work: run a step every few seconds, or at once when woken.

A failing pass is logged and retried on the next turn; `stop()` cancels and waits. Used by the
audit relay, the key-set change feed and the rotation scheduler.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

log = logging.getLogger("prism.background")


class PeriodicTask:
    def __init__(self, name: str, step: Callable[[], Awaitable[object]], interval_seconds: float) -> None:
        self.name = name
        self.step = step
        self.interval_seconds = interval_seconds
        self._wake = asyncio.Event()
        self._task: asyncio.Task | None = None

    def wake(self) -> None:
        """Run the next pass now instead of after the interval."""
        self._wake.set()

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name=self.name)

    async def stop(self) -> None:
        if self._task:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
            self._task = None

    async def _run(self) -> None:
        while True:
            try:
                await self.step()
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("%s: a pass failed; retrying", self.name)
            try:
                await asyncio.wait_for(self._wake.wait(), timeout=self.interval_seconds)
            except TimeoutError:
                pass
            self._wake.clear()
