"""`prism invitations ...` (skeleton: filled in by the invitations work)."""

from __future__ import annotations

import click


@click.group()
def invitations() -> None:
    """Invite people into the organization by email (admins)."""
