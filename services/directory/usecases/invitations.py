"""Invitations (skeleton: filled in by the invitations work)."""

from __future__ import annotations

from prism.runtime.errors import Unimplemented
from services.directory.usecases.base import UseCases


class InvitationUseCases(UseCases):
    def __init__(self, transactions, users, teams, organizations, site_settings, credentials, mailer, settings) -> None:
        super().__init__(transactions)

    async def create(self, parent: str, invitation):
        raise Unimplemented("invitations are not built yet")

    async def get(self, name: str):
        raise Unimplemented("invitations are not built yet")

    async def list(self, parent: str, size: int, token: str):
        raise Unimplemented("invitations are not built yet")

    async def revoke(self, name: str):
        raise Unimplemented("invitations are not built yet")

    async def lookup(self, token: str):
        raise Unimplemented("invitations are not built yet")

    async def accept(self, token: str, *, create_account, username, password, display_name, client_address):
        raise Unimplemented("invitations are not built yet")
