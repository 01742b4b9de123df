"""Service accounts and their API keys: domain objects, storage contract and SQL implementation."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from prism.runtime.errors import AlreadyExists
from services.directory.tables import api_keys, service_accounts
from services.directory.tenancy import in_organization, insert_unique, one, page

API_KEY_PREFIX = "prism_"


def canonical_name(service_account_id: str, project_id: str, identity_domain: str) -> str:
    return f"{service_account_id}@service-accounts.{project_id}.{identity_domain}"


@dataclass(frozen=True)
class ServiceAccount:
    id: str
    organization: str
    project_id: str
    service_account_id: str
    description: str
    created_at_micros: int


@dataclass(frozen=True)
class ApiKey:
    key_id: str
    organization: str
    project_id: str
    service_account_id: str
    digest: str
    description: str
    created_at_micros: int
    expire_at_micros: int | None
    last_used_at_micros: int | None
    revoked_at_micros: int | None


class ServiceAccountRepository(Protocol):
    async def add(self, session: AsyncSession, account: ServiceAccount) -> None: ...
    async def get(
        self, session: AsyncSession, organization: str, project_id: str, service_account_id: str
    ) -> ServiceAccount | None: ...
    async def list(
        self, session: AsyncSession, organization: str, project_id: str, size: int, token: str
    ) -> tuple[list[ServiceAccount], str]: ...
    async def delete(
        self, session: AsyncSession, organization: str, project_id: str, service_account_id: str, now: int
    ) -> bool: ...
    async def add_key(self, session: AsyncSession, key: ApiKey) -> None: ...
    async def keys(
        self, session: AsyncSession, organization: str, project_id: str, service_account_id: str, size: int, token: str
    ) -> tuple[list[ApiKey], str]: ...
    async def get_key(
        self, session: AsyncSession, organization: str, project_id: str, service_account_id: str, key_id: str
    ) -> ApiKey | None: ...
    async def revoke_key(self, session: AsyncSession, organization: str, key_id: str, now: int) -> None: ...
    async def key_by_digest(self, session: AsyncSession, digest: str) -> ApiKey | None: ...
    async def touch_key(self, session: AsyncSession, key_id: str, now: int) -> None: ...


class SqlServiceAccountRepository:
    async def add(self, session: AsyncSession, account: ServiceAccount) -> None:
        await insert_unique(
            session,
            service_accounts,
            {
                "id": account.id,
                "organization": account.organization,
                "project_id": account.project_id,
                "service_account_id": account.service_account_id,
                "description": account.description,
                "created_at": account.created_at_micros,
            },
            AlreadyExists(
                f"service account {account.service_account_id!r} already exists in project {account.project_id!r}",
                field="service_account.service_account_id",
            ),
        )

    async def get(
        self, session: AsyncSession, organization: str, project_id: str, service_account_id: str
    ) -> ServiceAccount | None:
        row = await one(
            session,
            service_accounts,
            organization,
            service_accounts.c.project_id == project_id,
            service_accounts.c.service_account_id == service_account_id,
        )
        return _account(row) if row else None

    async def list(
        self, session: AsyncSession, organization: str, project_id: str, size: int, token: str
    ) -> tuple[list[ServiceAccount], str]:
        rows, next_token = await page(
            session, service_accounts, organization, (service_accounts.c.project_id == project_id,), size, token
        )
        return [_account(r) for r in rows], next_token

    async def delete(
        self, session: AsyncSession, organization: str, project_id: str, service_account_id: str, now: int
    ) -> bool:
        await session.execute(
            delete(api_keys).where(
                in_organization(api_keys, organization),
                api_keys.c.project_id == project_id,
                api_keys.c.service_account_id == service_account_id,
            )
        )
        result = await session.execute(
            delete(service_accounts).where(
                in_organization(service_accounts, organization),
                service_accounts.c.project_id == project_id,
                service_accounts.c.service_account_id == service_account_id,
            )
        )
        return result.rowcount == 1

    async def add_key(self, session: AsyncSession, key: ApiKey) -> None:
        await session.execute(
            api_keys.insert().values(
                key_id=key.key_id,
                organization=key.organization,
                project_id=key.project_id,
                service_account_id=key.service_account_id,
                digest=key.digest,
                description=key.description,
                created_at=key.created_at_micros,
                expire_at=key.expire_at_micros,
                last_used_at=None,
                revoked_at=None,
            )
        )

    async def keys(
        self, session: AsyncSession, organization: str, project_id: str, service_account_id: str, size: int, token: str
    ) -> tuple[list[ApiKey], str]:
        rows, next_token = await page(
            session,
            api_keys,
            organization,
            (api_keys.c.project_id == project_id, api_keys.c.service_account_id == service_account_id),
            size,
            token,
            key_column="key_id",
        )
        return [_key(r) for r in rows], next_token

    async def get_key(
        self, session: AsyncSession, organization: str, project_id: str, service_account_id: str, key_id: str
    ) -> ApiKey | None:
        row = await one(
            session,
            api_keys,
            organization,
            api_keys.c.project_id == project_id,
            api_keys.c.service_account_id == service_account_id,
            api_keys.c.key_id == key_id,
        )
        return _key(row) if row else None

    async def revoke_key(self, session: AsyncSession, organization: str, key_id: str, now: int) -> None:
        await session.execute(
            update(api_keys)
            .where(
                in_organization(api_keys, organization), api_keys.c.key_id == key_id, api_keys.c.revoked_at.is_(None)
            )
            .values(revoked_at=now)
        )

    async def key_by_digest(self, session: AsyncSession, digest: str) -> ApiKey | None:
        # Login by API key: the key itself names its organization, so this one lookup is global.
        row = (await session.execute(select(api_keys).where(api_keys.c.digest == digest))).mappings().first()
        return _key(row) if row else None

    async def touch_key(self, session: AsyncSession, key_id: str, now: int) -> None:
        await session.execute(update(api_keys).where(api_keys.c.key_id == key_id).values(last_used_at=now))


def _account(row) -> ServiceAccount:
    return ServiceAccount(
        row["id"],
        row["organization"],
        row["project_id"],
        row["service_account_id"],
        row["description"],
        row["created_at"],
    )


def _key(row) -> ApiKey:
    return ApiKey(
        row["key_id"],
        row["organization"],
        row["project_id"],
        row["service_account_id"],
        row["digest"],
        row["description"],
        row["created_at"],
        row["expire_at"],
        row["last_used_at"],
        row["revoked_at"],
    )
