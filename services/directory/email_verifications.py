"""Email verification links: the domain object, its storage contract and its SQL implementation.

The link carries a random token; the row keeps its SHA-256 (`digest`), the user and the address the
link was sent to. Using a link deletes its row (single use), and marks the user's address verified
only while it is still the address the link was sent to.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from services.directory.tables import email_verifications, users
from services.directory.tenancy import in_organization


@dataclass(frozen=True)
class EmailVerification:
    digest: str
    organization: str
    user_id: str
    email: str
    created_at_micros: int
    expires_at_micros: int


class EmailVerificationRepository(Protocol):
    async def add(self, session: AsyncSession, verification: EmailVerification) -> None: ...
    async def by_digest(self, session: AsyncSession, digest: str) -> EmailVerification | None: ...
    async def consume(self, session: AsyncSession, digest: str) -> bool: ...
    async def mark_verified(self, session: AsyncSession, organization: str, user_id: str, email: str) -> bool: ...


class SqlEmailVerificationRepository:
    async def add(self, session: AsyncSession, verification: EmailVerification) -> None:
        await session.execute(
            email_verifications.insert().values(
                digest=verification.digest,
                organization=verification.organization,
                user_id=verification.user_id,
                email=verification.email,
                created_at=verification.created_at_micros,
                expires_at=verification.expires_at_micros,
            )
        )

    async def by_digest(self, session: AsyncSession, digest: str) -> EmailVerification | None:
        """The link with this token digest, whatever its organization: the token is the credential."""
        query = select(email_verifications).where(email_verifications.c.digest == digest)
        row = (await session.execute(query)).mappings().first()
        if row is None:
            return None
        return EmailVerification(
            row["digest"], row["organization"], row["user_id"], row["email"], row["created_at"], row["expires_at"]
        )

    async def consume(self, session: AsyncSession, digest: str) -> bool:
        """Delete the link; False when another request used it first."""
        result = await session.execute(delete(email_verifications).where(email_verifications.c.digest == digest))
        return result.rowcount == 1

    async def mark_verified(self, session: AsyncSession, organization: str, user_id: str, email: str) -> bool:
        """Mark the user's address verified if it is still `email`; False when the user or address changed."""
        result = await session.execute(
            update(users)
            .where(in_organization(users, organization), users.c.id == user_id, users.c.email == email)
            .values(email_verified=True)
        )
        return result.rowcount == 1
