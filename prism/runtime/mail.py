"""Outgoing email: verification and invitation links.

With `PRISM_SMTP_URL` unset (the embedded default) a message is not sent: it is written to the log
(logger `prism.mail`, level WARNING, so it shows with the default settings), link included, so a
person running `prism serve` on a bare machine can still follow it. `smtp://[user:pass@]host[:port]`
upgrades to TLS with STARTTLS when the server offers it; `smtps://` speaks TLS from the start.

Delivery never fails the request that caused it: a failure is logged (the admin can still copy an
invitation's URL from the API response). `send_soon` delivers in the background so that a slow
mail server never holds up an RPC; `send` waits for the delivery.
"""

from __future__ import annotations

import asyncio
import email.utils
import logging
import smtplib
import ssl
from email.message import EmailMessage
from urllib.parse import unquote, urlsplit

from prism.runtime.settings import SettingsError

log = logging.getLogger("prism.mail")

TIMEOUT_SECONDS = 10.0  # per connection and per SMTP command
DEFAULT_PORTS = {"smtp": 25, "smtps": 465}


class Mailer:
    def __init__(self, smtp_url: str | None, sender: str) -> None:
        self.smtp_url = smtp_url or None
        self.sender = sender
        if self.smtp_url is not None:
            url = urlsplit(self.smtp_url)
            try:
                url.port  # noqa: B018 - raises ValueError for a port that is not a number in 0..65535
            except ValueError:
                url = url._replace(scheme="")
            if url.scheme not in DEFAULT_PORTS or not url.hostname:
                raise SettingsError("PRISM_SMTP_URL must look like smtp://[user:password@]host[:port] or smtps://...")
        self._pending: set[asyncio.Task] = set()

    async def send(self, to: str, subject: str, text: str) -> bool:
        """Deliver one plain-text message; False (and an error in the log) when it could not be sent."""
        if self.smtp_url is None:
            log.warning(
                "no SMTP server configured (PRISM_SMTP_URL); this email was not sent, here it is instead:\n"
                "To: %s\nSubject: %s\n\n%s",
                to,
                subject,
                text,
                extra={"to": to, "subject": subject},
            )
            return False
        message = self._message(to, subject, text)
        try:
            await asyncio.to_thread(self._deliver, message)
        except Exception as exc:  # whatever went wrong, the request that caused the email stands
            host = urlsplit(self.smtp_url).hostname
            log.error("could not send an email to %s through %s: %r", to, host, exc, extra={"subject": subject})
            return False
        log.info("sent an email to %s", to, extra={"subject": subject})
        return True

    def send_soon(self, to: str, subject: str, text: str) -> None:
        """Deliver in the background (the caller's response does not wait for the mail server)."""
        task = asyncio.get_running_loop().create_task(self.send(to, subject, text), name="prism.mail.send")
        self._pending.add(task)
        task.add_done_callback(self._pending.discard)

    def _message(self, to: str, subject: str, text: str) -> EmailMessage:
        message = EmailMessage()
        message["From"] = self.sender
        message["To"] = to
        message["Subject"] = " ".join(subject.split())  # no line breaks in a header
        message["Date"] = email.utils.formatdate(localtime=False)
        sender_domain = email.utils.parseaddr(self.sender)[1].partition("@")[2]
        message["Message-ID"] = email.utils.make_msgid(domain=sender_domain or None)
        message["Auto-Submitted"] = "auto-generated"  # RFC 3834: no vacation replies
        message.set_content(text)
        return message

    def _deliver(self, message: EmailMessage) -> None:
        url = urlsplit(self.smtp_url)
        host, port = url.hostname or "localhost", url.port or DEFAULT_PORTS[url.scheme]
        context = ssl.create_default_context()
        if url.scheme == "smtps":
            client: smtplib.SMTP = smtplib.SMTP_SSL(host, port, timeout=TIMEOUT_SECONDS, context=context)
        else:
            client = smtplib.SMTP(host, port, timeout=TIMEOUT_SECONDS)
        with client:
            client.ehlo()
            if url.scheme == "smtp" and client.has_extn("starttls"):
                client.starttls(context=context)
                client.ehlo()
            if url.username:
                client.login(unquote(url.username), unquote(url.password or ""))
            client.send_message(message)
