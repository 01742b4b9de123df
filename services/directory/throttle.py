"""Brute-force protection of password sign-ins (skeleton: filled in by the brute-force work)."""

from __future__ import annotations


class SignInThrottle:
    def __init__(self, settings) -> None:
        self.settings = settings
