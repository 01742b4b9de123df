"""Linked social accounts: the upstream (SSO) identity of a user, as the external-users flow stored it.

An identity is (provider, subject) on the user's row (`external_subject`, set at the first SSO
sign-in, see usecases/external_users.py); a user has at most one. Disconnecting clears it, which
is refused while it is the user's only way to sign in (no password).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from services.directory.tables import users
from services.directory.tenancy import in_organization


@dataclass(frozen=True)
class SocialAccount:
    organization: str
    user_id: str
    provider: str
    provider_user_id: str


@dataclass(frozen=True)
class SignInMethods:
    has_password: bool
    identities: tuple[SocialAccount, ...]


class SocialAccountRepository(Protocol):
    async def of_user(self, session: AsyncSession, organization: str, user_id: str) -> SignInMethods | None: ...
    async def unlink(self, session: AsyncSession, organization: str, user_id: str, provider: str) -> bool: ...


class SqlSocialAccountRepository:
    async def of_user(self, session: AsyncSession, organization: str, user_id: str) -> SignInMethods | None:
        """The user's sign-in methods; None when there is no such user."""
        query = select(users.c.password_hash, users.c.provider, users.c.external_subject).where(
            in_organization(users, organization), users.c.id == user_id
        )
        row = (await session.execute(query)).first()
        if row is None:
            return None
        identities = ()
        if row.provider and row.external_subject:
            identities = (SocialAccount(organization, user_id, row.provider, row.external_subject),)
        return SignInMethods(bool(row.password_hash), identities)

    async def unlink(self, session: AsyncSession, organization: str, user_id: str, provider: str) -> bool:
        result = await session.execute(
            update(users)
            .where(
                in_organization(users, organization),
                users.c.id == user_id,
                users.c.provider == provider,
                users.c.external_subject.is_not(None),
                users.c.password_hash.is_not(None),  # never the last way to sign in, even under a race
            )
            .values(external_subject=None)
        )
        return result.rowcount == 1
