"""Service accounts and their API keys: admins manage them; the keys' secrets are shown once."""

from __future__ import annotations

import secrets
import uuid

from prism.runtime import clock
from prism.runtime.errors import FailedPrecondition, InvalidArgument
from prism.runtime.resource_names import parse, validate_id
from prism.runtime.secrets import digest
from services.directory.projects import ProjectRepository
from services.directory.service_accounts import (
    API_KEY_PREFIX,
    ApiKey,
    ServiceAccount,
    ServiceAccountRepository,
)
from services.directory.tenancy import not_found, tenant
from services.directory.usecases.base import UseCases

PROJECT = "organizations/{org}/projects/{project}"
ACCOUNT = "organizations/{org}/projects/{project}/serviceAccounts/{sa}"
KEY = "organizations/{org}/projects/{project}/serviceAccounts/{sa}/apiKeys/{key}"


class ServiceAccountUseCases(UseCases):
    def __init__(self, transactions, repository: ServiceAccountRepository, projects: ProjectRepository) -> None:
        super().__init__(transactions)
        self.repository = repository
        self.projects = projects

    async def create(self, parent: str, service_account_id: str, description: str) -> ServiceAccount:
        parts = parse(PROJECT, parent, field="parent")
        org = tenant(parts["org"])
        validate_id(service_account_id, field="service_account.service_account_id", what="service account id")
        if len(description) > 500:
            raise InvalidArgument("description is longer than 500 characters", field="service_account.description")
        account = ServiceAccount(
            str(uuid.uuid4()), org, parts["project"], service_account_id, description, clock.now_micros()
        )
        async with self.transactions.begin() as uow:
            if await self.projects.get(uow.session, org, parts["project"]) is None:
                raise not_found("project", parts["project"], field="parent")
            await self.repository.add(uow.session, account)
            await self.audit(
                uow, "directory.service_account.created", org, f"{parent}/serviceAccounts/{service_account_id}"
            )
        return account

    async def get(self, name: str) -> ServiceAccount:
        parts = parse(ACCOUNT, name, field="name")
        org = tenant(parts["org"])
        async with self.transactions.begin() as uow:
            account = await self.repository.get(uow.session, org, parts["project"], parts["sa"])
        if account is None:
            raise not_found("service account", parts["sa"])
        return account

    async def list(self, parent: str, size: int, token: str) -> tuple[list[ServiceAccount], str]:
        parts = parse(PROJECT, parent, field="parent")
        org = tenant(parts["org"])
        async with self.transactions.begin() as uow:
            if await self.projects.get(uow.session, org, parts["project"]) is None:
                raise not_found("project", parts["project"], field="parent")
            return await self.repository.list(uow.session, org, parts["project"], size, token)

    async def delete(self, name: str) -> None:
        parts = parse(ACCOUNT, name, field="name")
        org = tenant(parts["org"])
        async with self.transactions.begin() as uow:
            if not await self.repository.delete(uow.session, org, parts["project"], parts["sa"], clock.now_micros()):
                raise not_found("service account", parts["sa"])
            await self.audit(uow, "directory.service_account.deleted", org, name)

    async def create_key(self, parent: str, description: str, expire_at_micros: int | None) -> tuple[ApiKey, str]:
        parts = parse(ACCOUNT, parent, field="parent")
        org = tenant(parts["org"])
        if len(description) > 500:
            raise InvalidArgument("description is longer than 500 characters", field="api_key.description")
        now = clock.now_micros()
        if expire_at_micros is not None and expire_at_micros <= now:
            raise InvalidArgument("expire_time must be in the future", field="api_key.expire_time")
        secret = API_KEY_PREFIX + secrets.token_urlsafe(32)
        key = ApiKey(
            secrets.token_hex(8),
            org,
            parts["project"],
            parts["sa"],
            digest(secret),
            description,
            now,
            expire_at_micros,
            None,
            None,
        )
        async with self.transactions.begin() as uow:
            if await self.repository.get(uow.session, org, parts["project"], parts["sa"]) is None:
                raise not_found("service account", parts["sa"], field="parent")
            await self.repository.add_key(uow.session, key)
            await self.audit(
                uow, "directory.api_key.created", org, f"{parent}/apiKeys/{key.key_id}", description=description
            )
        return key, secret

    async def keys(self, parent: str, size: int, token: str) -> tuple[list[ApiKey], str]:
        parts = parse(ACCOUNT, parent, field="parent")
        org = tenant(parts["org"])
        async with self.transactions.begin() as uow:
            if await self.repository.get(uow.session, org, parts["project"], parts["sa"]) is None:
                raise not_found("service account", parts["sa"], field="parent")
            return await self.repository.keys(uow.session, org, parts["project"], parts["sa"], size, token)

    async def revoke_key(self, name: str) -> ApiKey:
        parts = parse(KEY, name, field="name")
        org = tenant(parts["org"])
        async with self.transactions.begin() as uow:
            key = await self.repository.get_key(uow.session, org, parts["project"], parts["sa"], parts["key"])
            if key is None:
                raise not_found("API key", parts["key"])
            if key.revoked_at_micros is not None:
                raise FailedPrecondition(f"API key {parts['key']!r} is already revoked", field="name")
            await self.repository.revoke_key(uow.session, org, key.key_id, clock.now_micros())
            await self.audit(uow, "directory.api_key.revoked", org, name)
            return await self.repository.get_key(uow.session, org, parts["project"], parts["sa"], parts["key"])
