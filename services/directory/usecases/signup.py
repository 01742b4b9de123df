"""Local sign-up and email verification (skeleton: filled in by the sign-up work)."""

from __future__ import annotations

from prism.runtime.errors import Unimplemented
from services.directory.usecases.base import UseCases


class SignUpUseCases(UseCases):
    def __init__(self, transactions, users, organizations, mailer, settings) -> None:
        super().__init__(transactions)

    async def sign_up(self, org: str, *, username: str, email: str, password: str, display_name: str):
        raise Unimplemented("sign-up is not built yet")

    async def verify_email(self, token: str):
        raise Unimplemented("email verification is not built yet")
