"""The emails the directory sends (verification links, invitations) and the check of an address.

Addresses are checked for plausibility only (one `@`, a dot in the domain, no spaces or control
characters, at most 320 characters): the verification link is what proves an address works.
"""

from __future__ import annotations

import re

from prism.runtime.errors import InvalidArgument

MAX_EMAIL = 320
_EMAIL = re.compile(r"^[^@\s\x00-\x1f\x7f]+@[^@\s\x00-\x1f\x7f]+\.[^@\s\x00-\x1f\x7f.][^@\s\x00-\x1f\x7f]*$")


def validated_email(value: str, field: str) -> str:
    email = value.strip()
    if not email:
        raise InvalidArgument(f"{field} is required", field=field)
    if len(email) > MAX_EMAIL or not _EMAIL.match(email):
        raise InvalidArgument(f"{field} {email!r} is not a valid email address", field=field)
    return email


def verification_email(organization: str, username: str, url: str, ttl_hours: int) -> tuple[str, str]:
    """(subject, text) of the message that carries an email verification link."""
    subject = f"Confirm your email address for {organization}"
    text = (
        f"Hello {username},\n\n"
        f"Confirm the email address of your account {username!r} in {organization} by opening this link:\n\n"
        f"{url}\n\n"
        f"The link works once, for {ttl_hours} hours.\n"
        "If you did not create this account, ignore this email.\n"
    )
    return subject, text


def invitation_email(organization: str, team: str, url: str, ttl_hours: int) -> tuple[str, str]:
    """(subject, text) of the message that carries an invitation link."""
    into = f"the team {team} of {organization}" if team else organization
    subject = f"You are invited to join {organization}"
    text = (
        f"Hello,\n\n"
        f"You are invited to join {into}. To accept, open this link and create an account or sign in:\n\n"
        f"{url}\n\n"
        f"The link works once, for {ttl_hours} hours.\n"
        "If you did not expect this invitation, ignore this email.\n"
    )
    return subject, text
