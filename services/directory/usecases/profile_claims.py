"""What ID tokens say of a user's own resources (`domains`, `gpg_keys`, `social_accounts`), read at once."""

from __future__ import annotations

from prism.runtime.errors import InvalidArgument
from prism.runtime.scopes import PROFILE_FIELDS
from services.directory.domains import Domain, DomainRepository
from services.directory.gpg_keys import GpgKey, GpgKeyRepository
from services.directory.social_accounts import SocialAccount, SocialAccountRepository
from services.directory.usecases.base import UseCases


class ProfileClaimUseCases(UseCases):
    def __init__(
        self, transactions, domains: DomainRepository, gpg_keys: GpgKeyRepository, social: SocialAccountRepository
    ) -> None:
        super().__init__(transactions)
        self.domains = domains
        self.gpg_keys = gpg_keys
        self.social = social

    async def of_user(
        self, organization: str, user_id: str, fields: list[str]
    ) -> tuple[list[Domain], list[GpgKey], list[SocialAccount]]:
        """Called by GetUserClaims after it checked the organization and found the user; reads only the
        `fields` asked for (most tokens ask for none, and then no transaction is opened)."""
        unknown = sorted(set(fields) - set(PROFILE_FIELDS))
        if unknown:
            raise InvalidArgument(
                f"unknown profile_fields: {', '.join(unknown)} (known: {', '.join(PROFILE_FIELDS)})",
                field="profile_fields",
            )
        if not fields:
            return [], [], []
        async with self.transactions.begin() as uow:
            domains = await self.domains.of_user(uow.session, organization, user_id) if "domains" in fields else []
            keys = await self.gpg_keys.of_user(uow.session, organization, user_id) if "gpg_keys" in fields else []
            methods = (
                await self.social.of_user(uow.session, organization, user_id) if "social_accounts" in fields else None
            )
        return domains, keys, list(methods.identities) if methods else []
