"""The rotation scheduler: every few seconds, tick the rings whose next action is due."""

from __future__ import annotations

from prism.runtime.background import PeriodicTask
from services.keys.usecases import KeyRings


class RotationScheduler(PeriodicTask):
    def __init__(self, rings: KeyRings, interval_seconds: float) -> None:
        super().__init__("keys-rotation-scheduler", rings.tick_due, interval_seconds)
        self.rings = rings
