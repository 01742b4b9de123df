"""A clock the test moves by hand."""

from __future__ import annotations

from prism.runtime.clock import MICROS


class ManualClock:
    def __init__(self, start_seconds: float = 1_900_000_000.0) -> None:
        self.micros = int(start_seconds * MICROS)

    def now_micros(self) -> int:
        return self.micros

    def advance(self, seconds: float) -> None:
        self.micros += int(seconds * MICROS)

    @property
    def seconds(self) -> int:
        return self.micros // MICROS
