"""Linked social accounts of a user: list, disconnect (never the last way to sign in)."""

from __future__ import annotations

from prism.runtime.errors import FailedPrecondition
from prism.runtime.resource_names import parse
from services.directory.social_accounts import SocialAccount, SocialAccountRepository
from services.directory.tenancy import not_found, tenant
from services.directory.usecases.base import UseCases

USER = "organizations/{org}/users/{user}"
ACCOUNT = "organizations/{org}/users/{user}/socialAccounts/{provider}"


class SocialAccountUseCases(UseCases):
    def __init__(self, transactions, repository: SocialAccountRepository) -> None:
        super().__init__(transactions)
        self.repository = repository

    async def list(self, parent: str) -> list[SocialAccount]:
        parts = parse(USER, parent, field="parent")
        org = tenant(parts["org"])
        async with self.transactions.begin() as uow:
            methods = await self.repository.of_user(uow.session, org, parts["user"])
        if methods is None:
            raise not_found("user", parts["user"], field="parent")
        return list(methods.identities)

    async def delete(self, name: str) -> None:
        parts = parse(ACCOUNT, name, field="name")
        org = tenant(parts["org"])
        async with self.transactions.begin() as uow:
            methods = await self.repository.of_user(uow.session, org, parts["user"])
            if methods is None or not any(i.provider == parts["provider"] for i in methods.identities):
                raise not_found("social account", parts["provider"])
            if not methods.has_password and len(methods.identities) <= 1:
                raise FailedPrecondition(
                    f"{parts['provider']} is this account's only way to sign in (it has no password); "
                    "it cannot be disconnected",
                    reason="LAST_SIGN_IN_METHOD",
                    field="name",
                )
            if not await self.repository.unlink(uow.session, org, parts["user"], parts["provider"]):
                raise FailedPrecondition(
                    "the account changed meanwhile; list its social accounts and try again", field="name"
                )
            await self.audit(uow, "directory.user.identity_unlinked", org, name, provider=parts["provider"])
