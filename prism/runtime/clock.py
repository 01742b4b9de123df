"""Time as the code sees it. Tests may move it; nothing else reads the wall clock directly."""

from __future__ import annotations

import time


def now_micros() -> int:
    return time.time_ns() // 1000


def now_seconds() -> float:
    return time.time()
