"""Pages of local accounts: sign-up, email verification, invitations (skeleton)."""

from __future__ import annotations

from starlette.routing import Route


def account_routes() -> list[Route]:
    return []
