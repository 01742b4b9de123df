"""GPG public keys of a user: add (parsed and validated), list, get, remove."""

from __future__ import annotations

import datetime
import re
import uuid

from prism.runtime import clock
from prism.runtime.errors import InvalidArgument
from prism.runtime.resource_names import parse
from services.directory.gpg_keys import GpgKey, GpgKeyRepository, parse_public_key
from services.directory.tenancy import not_found, tenant
from services.directory.usecases.base import UseCases
from services.directory.users import UserRepository

USER = "organizations/{org}/users/{user}"
KEY = "organizations/{org}/users/{user}/gpgKeys/{key_id}"
_KEY_ID = re.compile(r"^[0-9A-F]{16}$")


class GpgKeyUseCases(UseCases):
    def __init__(self, transactions, repository: GpgKeyRepository, users: UserRepository) -> None:
        super().__init__(transactions)
        self.repository = repository
        self.users = users

    async def create(self, parent: str, armored: str) -> GpgKey:
        parts = parse(USER, parent, field="parent")
        org = tenant(parts["org"])
        now = clock.now_micros()
        parsed = parse_public_key(armored, datetime.datetime.fromtimestamp(now / 1_000_000, tz=datetime.UTC))
        key = GpgKey(str(uuid.uuid4()), org, parts["user"], parsed, now)
        async with self.transactions.begin() as uow:
            if await self.users.get(uow.session, org, parts["user"]) is None:
                raise not_found("user", parts["user"], field="parent")
            await self.repository.add(uow.session, key)
            await self.audit(
                uow,
                "directory.gpg_key.created",
                org,
                f"{parent}/gpgKeys/{parsed.key_id}",
                fingerprint=parsed.fingerprint,
            )
        return key

    async def get(self, name: str) -> GpgKey:
        org, user, key_id = self._name(name)
        async with self.transactions.begin() as uow:
            key = await self.repository.get(uow.session, org, user, key_id)
        if key is None:
            raise not_found("GPG key", key_id)
        return key

    async def list(self, parent: str, size: int, token: str) -> tuple[list[GpgKey], str]:
        parts = parse(USER, parent, field="parent")
        org = tenant(parts["org"])
        async with self.transactions.begin() as uow:
            return await self.repository.list(uow.session, org, parts["user"], size, token)

    async def delete(self, name: str) -> None:
        org, user, key_id = self._name(name)
        async with self.transactions.begin() as uow:
            if not await self.repository.delete(uow.session, org, user, key_id):
                raise not_found("GPG key", key_id)
            await self.audit(uow, "directory.gpg_key.deleted", org, name)

    @staticmethod
    def _name(name: str) -> tuple[str, str, str]:
        parts = parse(KEY, name, field="name")
        key_id = parts["key_id"].upper()
        if not _KEY_ID.match(key_id):
            raise InvalidArgument(f"{parts['key_id']!r} is not a long key id (16 hexadecimal digits)", field="name")
        return tenant(parts["org"]), parts["user"], key_id
