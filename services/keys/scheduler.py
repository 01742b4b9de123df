"""The rotation scheduler: every few seconds, tick the rings whose next action is due."""

from __future__ import annotations

import asyncio
import logging

from services.keys.usecases import KeyRings

log = logging.getLogger("prism.keys.scheduler")


class RotationScheduler:
    def __init__(self, rings: KeyRings, interval_seconds: float) -> None:
        self.rings = rings
        self.interval_seconds = interval_seconds
        self._task: asyncio.Task | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="keys-rotation-scheduler")

    async def stop(self) -> None:
        if self._task:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)

    async def _run(self) -> None:
        while True:
            try:
                await self.rings.tick_due()
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("rotation scheduler pass failed; retrying")
            await asyncio.sleep(self.interval_seconds)
