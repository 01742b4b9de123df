"""Email in tests: a real SMTP server on 127.0.0.1 (aiosmtpd), and the links the directory writes
to its log when no SMTP server is configured (the embedded default)."""

from __future__ import annotations

import email
import email.policy
import re
import threading
import time
from email.message import EmailMessage

from aiosmtpd.controller import Controller

from tests.support.suite import free_port

LINK = re.compile(r"https?://[^\s]+/(?:verify-email|invitations/accept)\?token=[A-Za-z0-9_-]+")


def link_in(text: str) -> str:
    found = LINK.findall(text)
    assert len(found) == 1, f"expected one link in:\n{text}"
    return found[0]


def token_of(link: str) -> str:
    return link.rpartition("token=")[2]


class Inbox:
    """An SMTP server that keeps every message it receives: `with Inbox() as inbox: inbox.url ...`."""

    def __init__(self) -> None:
        self.port = free_port()
        self.messages: list[tuple[list[str], EmailMessage]] = []
        self._changed = threading.Condition()
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - the aiosmtpd handler API
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self._changed:
            self.messages.append((list(envelope.rcpt_tos), message))
            self._changed.notify_all()
        return "250 Message accepted for delivery"

    def wait_for(self, to: str, timeout: float = 20.0) -> EmailMessage:
        """The one message sent to `to` (waiting for it to arrive)."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                found = [m for rcpt, m in self.messages if to in rcpt]
                if found:
                    assert len(found) == 1, f"{len(found)} messages to {to}"
                    return found[0]
                left = deadline - time.monotonic()
                assert left > 0, f"no email to {to} within {timeout} s"
                self._changed.wait(left)

    def __enter__(self) -> Inbox:
        self._controller.start()
        return self

    def __exit__(self, *exc) -> None:
        self._controller.stop()


def logged_email(suite, to: str, timeout: float = 20.0) -> dict:
    """The log record of the one email to `to` that the directory wrote to its log instead of sending."""

    def found() -> list[dict]:
        return [r for r in suite.log_records() if r.get("logger") == "prism.mail" and r.get("to") == to]

    suite.wait_until(lambda: found(), timeout=timeout, what=f"the logged email to {to}")
    (record,) = found()
    return record
