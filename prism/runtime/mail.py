"""Outgoing email (skeleton: filled in by the sign-up work)."""

from __future__ import annotations


class Mailer:
    def __init__(self, smtp_url: str | None, sender: str) -> None:
        self.smtp_url = smtp_url
        self.sender = sender
