"""Time as the code sees it. Logic that depends on time takes a `Clock`, so tests can drive it."""

from __future__ import annotations

import time
from typing import Protocol


def now_micros() -> int:
    return time.time_ns() // 1000


def now_seconds() -> float:
    return time.time()


class Clock(Protocol):
    def now_micros(self) -> int: ...


class SystemClock:
    @staticmethod
    def now_micros() -> int:
        return time.time_ns() // 1000


SYSTEM_CLOCK = SystemClock()
MICROS = 1_000_000
