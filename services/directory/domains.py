"""Users' custom domains: the domain object, its storage contract and its SQL implementation."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from prism.runtime.errors import AlreadyExists
from services.directory.tables import domains
from services.directory.tenancy import in_organization, insert_unique, one, page


@dataclass(frozen=True)
class Domain:
    id: str
    organization: str
    user_id: str
    domain: str
    token: str
    created_at_micros: int
    verified_at_micros: int | None = None

    @property
    def verified(self) -> bool:
        return self.verified_at_micros is not None


class DomainRepository(Protocol):
    async def add(self, session: AsyncSession, domain: Domain) -> None: ...
    async def get(self, session: AsyncSession, organization: str, user_id: str, domain: str) -> Domain | None: ...
    async def list(
        self, session: AsyncSession, organization: str, user_id: str, size: int, token: str
    ) -> tuple[list[Domain], str]: ...
    async def of_user(self, session: AsyncSession, organization: str, user_id: str) -> list[Domain]: ...
    async def mark_verified(self, session: AsyncSession, domain: Domain, at_micros: int) -> None: ...
    async def delete(self, session: AsyncSession, organization: str, user_id: str, domain: str) -> bool: ...


class SqlDomainRepository:
    async def add(self, session: AsyncSession, domain: Domain) -> None:
        await insert_unique(
            session,
            domains,
            {
                "id": domain.id,
                "organization": domain.organization,
                "user_id": domain.user_id,
                "domain": domain.domain,
                "token": domain.token,
                "verified_domain": None,
                "created_at": domain.created_at_micros,
                "verified_at": None,
            },
            AlreadyExists(f"you already added {domain.domain}", field="domain.domain"),
        )

    async def get(self, session: AsyncSession, organization: str, user_id: str, domain: str) -> Domain | None:
        row = await one(session, domains, organization, domains.c.user_id == user_id, domains.c.domain == domain)
        return _domain(row) if row else None

    async def list(
        self, session: AsyncSession, organization: str, user_id: str, size: int, token: str
    ) -> tuple[list[Domain], str]:
        rows, next_token = await page(session, domains, organization, (domains.c.user_id == user_id,), size, token)
        return [_domain(r) for r in rows], next_token

    async def of_user(self, session: AsyncSession, organization: str, user_id: str) -> list[Domain]:
        query = (
            select(domains)
            .where(in_organization(domains, organization), domains.c.user_id == user_id)
            .order_by(domains.c.created_at, domains.c.id)
            .limit(200)
        )
        return [_domain(r) for r in (await session.execute(query)).mappings()]

    async def mark_verified(self, session: AsyncSession, domain: Domain, at_micros: int) -> None:
        """Sets the verified owner; AlreadyExists when another account of the organization verified it first."""
        try:
            async with session.begin_nested():
                await session.execute(
                    update(domains)
                    .where(in_organization(domains, domain.organization), domains.c.id == domain.id)
                    .values(verified_domain=domain.domain, verified_at=at_micros)
                )
        except IntegrityError:
            raise AlreadyExists(
                f"{domain.domain} is already verified by another account of this organization",
                reason="DOMAIN_ALREADY_VERIFIED",
                field="name",
            ) from None

    async def delete(self, session: AsyncSession, organization: str, user_id: str, domain: str) -> bool:
        result = await session.execute(
            delete(domains).where(
                in_organization(domains, organization), domains.c.user_id == user_id, domains.c.domain == domain
            )
        )
        return result.rowcount == 1


def _domain(row) -> Domain:
    return Domain(
        row["id"],
        row["organization"],
        row["user_id"],
        row["domain"],
        row["token"],
        row["created_at"],
        row["verified_at"],
    )
