"""OpenID trust configurations and assumption methods: domain objects, storage contract, SQL."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from prism.runtime.errors import AlreadyExists
from services.directory.tables import assumption_methods, openid_configurations
from services.directory.tenancy import in_organization, insert_unique, one, page

MATCH_TYPES = ("exact", "glob")


@dataclass(frozen=True)
class OpenIdConfiguration:
    id: str
    organization: str
    project_id: str
    configuration_id: str
    issuer: str
    jwks_url: str
    audience: str
    single_use_jti: bool
    max_assertion_age_seconds: int
    created_at_micros: int


@dataclass(frozen=True)
class ClaimRule:
    claim: str
    match: str  # "exact" or "glob"
    value: str


@dataclass(frozen=True)
class AssumptionMethod:
    id: str
    organization: str
    project_id: str
    service_account_id: str
    configuration_id: str
    rules: tuple[ClaimRule, ...]
    created_at_micros: int


class FederationRepository(Protocol):
    async def add_configuration(self, session: AsyncSession, configuration: OpenIdConfiguration) -> None: ...
    async def configuration(
        self, session: AsyncSession, organization: str, project_id: str, configuration_id: str
    ) -> OpenIdConfiguration | None: ...
    async def configurations(
        self, session: AsyncSession, organization: str, project_id: str, size: int, token: str
    ) -> tuple[list[OpenIdConfiguration], str]: ...
    async def delete_configuration(
        self, session: AsyncSession, organization: str, project_id: str, configuration_id: str
    ) -> bool: ...
    async def configuration_in_use(
        self, session: AsyncSession, organization: str, project_id: str, configuration_id: str
    ) -> bool: ...
    async def add_method(self, session: AsyncSession, method: AssumptionMethod) -> None: ...
    async def methods(
        self, session: AsyncSession, organization: str, project_id: str, service_account_id: str, size: int, token: str
    ) -> tuple[list[AssumptionMethod], str]: ...
    async def all_methods(
        self, session: AsyncSession, organization: str, project_id: str, service_account_id: str
    ) -> list[AssumptionMethod]: ...
    async def delete_method(
        self, session: AsyncSession, organization: str, project_id: str, service_account_id: str, method_id: str
    ) -> bool: ...


class SqlFederationRepository:
    async def add_configuration(self, session: AsyncSession, configuration: OpenIdConfiguration) -> None:
        c = configuration
        await insert_unique(
            session,
            openid_configurations,
            {
                "id": c.id,
                "organization": c.organization,
                "project_id": c.project_id,
                "configuration_id": c.configuration_id,
                "issuer": c.issuer,
                "jwks_url": c.jwks_url,
                "audience": c.audience,
                "single_use_jti": c.single_use_jti,
                "max_assertion_age_seconds": c.max_assertion_age_seconds,
                "created_at": c.created_at_micros,
            },
            AlreadyExists(
                f"OpenID configuration {c.configuration_id!r} already exists in project {c.project_id!r}",
                field="openid_configuration.configuration_id",
            ),
        )

    async def configuration(
        self, session: AsyncSession, organization: str, project_id: str, configuration_id: str
    ) -> OpenIdConfiguration | None:
        t = openid_configurations
        row = await one(
            session, t, organization, t.c.project_id == project_id, t.c.configuration_id == configuration_id
        )
        return _configuration(row) if row else None

    async def configurations(
        self, session: AsyncSession, organization: str, project_id: str, size: int, token: str
    ) -> tuple[list[OpenIdConfiguration], str]:
        rows, next_token = await page(
            session,
            openid_configurations,
            organization,
            (openid_configurations.c.project_id == project_id,),
            size,
            token,
        )
        return [_configuration(r) for r in rows], next_token

    async def delete_configuration(
        self, session: AsyncSession, organization: str, project_id: str, configuration_id: str
    ) -> bool:
        t = openid_configurations
        result = await session.execute(
            delete(t).where(
                in_organization(t, organization), t.c.project_id == project_id, t.c.configuration_id == configuration_id
            )
        )
        return result.rowcount == 1

    async def configuration_in_use(
        self, session: AsyncSession, organization: str, project_id: str, configuration_id: str
    ) -> bool:
        t = assumption_methods
        query = (
            select(t.c.id)
            .where(
                in_organization(t, organization), t.c.project_id == project_id, t.c.configuration_id == configuration_id
            )
            .limit(1)
        )
        return (await session.execute(query)).first() is not None

    async def add_method(self, session: AsyncSession, method: AssumptionMethod) -> None:
        await session.execute(
            assumption_methods.insert().values(
                id=method.id,
                organization=method.organization,
                project_id=method.project_id,
                service_account_id=method.service_account_id,
                configuration_id=method.configuration_id,
                rules=[{"claim": r.claim, "match": r.match, "value": r.value} for r in method.rules],
                created_at=method.created_at_micros,
            )
        )

    async def methods(
        self, session: AsyncSession, organization: str, project_id: str, service_account_id: str, size: int, token: str
    ) -> tuple[list[AssumptionMethod], str]:
        t = assumption_methods
        rows, next_token = await page(
            session,
            t,
            organization,
            (t.c.project_id == project_id, t.c.service_account_id == service_account_id),
            size,
            token,
        )
        return [_method(r) for r in rows], next_token

    async def all_methods(
        self, session: AsyncSession, organization: str, project_id: str, service_account_id: str
    ) -> list[AssumptionMethod]:
        t = assumption_methods
        query = (
            select(t)
            .where(
                in_organization(t, organization),
                t.c.project_id == project_id,
                t.c.service_account_id == service_account_id,
            )
            .order_by(t.c.created_at)
        )
        return [_method(r) for r in (await session.execute(query)).mappings()]

    async def delete_method(
        self, session: AsyncSession, organization: str, project_id: str, service_account_id: str, method_id: str
    ) -> bool:
        t = assumption_methods
        result = await session.execute(
            delete(t).where(
                in_organization(t, organization),
                t.c.project_id == project_id,
                t.c.service_account_id == service_account_id,
                t.c.id == method_id,
            )
        )
        return result.rowcount == 1


def _configuration(row) -> OpenIdConfiguration:
    return OpenIdConfiguration(
        row["id"],
        row["organization"],
        row["project_id"],
        row["configuration_id"],
        row["issuer"],
        row["jwks_url"],
        row["audience"],
        bool(row["single_use_jti"]),
        row["max_assertion_age_seconds"],
        row["created_at"],
    )


def _method(row) -> AssumptionMethod:
    rules = tuple(ClaimRule(r["claim"], r["match"], r["value"]) for r in row["rules"])
    return AssumptionMethod(
        row["id"],
        row["organization"],
        row["project_id"],
        row["service_account_id"],
        row["configuration_id"],
        rules,
        row["created_at"],
    )
