"""Users' GPG public keys: parsing (pgpy), the key object, its storage contract and SQL implementation."""

from __future__ import annotations

import datetime
import warnings
from dataclasses import dataclass
from typing import Protocol

import pgpy
from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from prism.runtime.errors import AlreadyExists, InvalidArgument
from services.directory.tables import gpg_keys
from services.directory.tenancy import in_organization, insert_unique, one, page

MAX_ARMORED_LENGTH = 64 * 1024
FIELD = "gpg_key.armored_key"


@dataclass(frozen=True)
class ParsedKey:
    key_id: str
    fingerprint: str
    algorithm: str
    user_ids: tuple[tuple[str, str], ...]  # (name, email)
    created_at_micros: int
    expires_at_micros: int | None
    armored: str


@dataclass(frozen=True)
class GpgKey:
    id: str
    organization: str
    user_id: str
    key: ParsedKey
    created_at_micros: int

    @property
    def name(self) -> str:
        """Name of the primary (first) user id, else its email."""
        for name, email in self.key.user_ids:
            return name or email
        return ""


def parse_public_key(armored: str, now: datetime.datetime) -> ParsedKey:
    """The key in `armored`; InvalidArgument for garbage, private keys and expired keys."""
    text = (armored or "").strip()
    if not text:
        raise InvalidArgument(
            "armored_key is required: paste the output of `gpg --armor --export <key id>`", field=FIELD
        )
    if len(text) > MAX_ARMORED_LENGTH:
        raise InvalidArgument(f"armored_key is longer than {MAX_ARMORED_LENGTH} characters", field=FIELD)
    if "PRIVATE KEY BLOCK" in text:
        raise InvalidArgument(
            "this is a private key: never share it; paste the public key (`gpg --armor --export <key id>`)",
            field=FIELD,
        )
    if "-----BEGIN PGP PUBLIC KEY BLOCK-----" not in text:
        raise InvalidArgument(
            "armored_key is not an ASCII-armoured PGP public key (it must start with "
            "-----BEGIN PGP PUBLIC KEY BLOCK-----)",
            field=FIELD,
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            key, _ = pgpy.PGPKey.from_blob(text)
    except Exception as error:  # pgpy raises ValueError, PGPError, NotImplementedError, ... on bad input
        raise InvalidArgument(
            "armored_key could not be read as a PGP public key (damaged or unsupported)",
            field=FIELD,
            debug=repr(error),
        ) from None
    if key.fingerprint is None:  # armour around something that holds no key packet
        raise InvalidArgument("armored_key could not be read as a PGP public key (damaged or unsupported)", field=FIELD)
    if not key.is_public:
        raise InvalidArgument("this is a private key: paste the public key instead", field=FIELD)
    expires = key.expires_at
    if expires is not None and expires <= now:
        raise InvalidArgument(
            f"this key expired on {expires.date().isoformat()}; extend its expiry (`gpg --quick-set-expire`) "
            "and export it again",
            field=FIELD,
        )
    user_ids = tuple((uid.name or "", uid.email or "") for uid in key.userids)
    if not user_ids:
        raise InvalidArgument("this key has no user id (name and email); add one with `gpg --edit-key`", field=FIELD)
    fingerprint = str(key.fingerprint).replace(" ", "").upper()
    return ParsedKey(
        key_id=fingerprint[-16:],
        fingerprint=fingerprint,
        algorithm=key.key_algorithm.name,
        user_ids=user_ids,
        created_at_micros=_micros(key.created),
        expires_at_micros=_micros(expires) if expires is not None else None,
        armored=str(key),
    )


def _micros(moment: datetime.datetime) -> int:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.UTC)
    return int(moment.timestamp() * 1_000_000)


class GpgKeyRepository(Protocol):
    async def add(self, session: AsyncSession, key: GpgKey) -> None: ...
    async def get(self, session: AsyncSession, organization: str, user_id: str, key_id: str) -> GpgKey | None: ...
    async def list(
        self, session: AsyncSession, organization: str, user_id: str, size: int, token: str
    ) -> tuple[list[GpgKey], str]: ...
    async def of_user(self, session: AsyncSession, organization: str, user_id: str) -> list[GpgKey]: ...
    async def delete(self, session: AsyncSession, organization: str, user_id: str, key_id: str) -> bool: ...


class SqlGpgKeyRepository:
    async def add(self, session: AsyncSession, key: GpgKey) -> None:
        await insert_unique(
            session,
            gpg_keys,
            {
                "id": key.id,
                "organization": key.organization,
                "user_id": key.user_id,
                "key_id": key.key.key_id,
                "fingerprint": key.key.fingerprint,
                "algorithm": key.key.algorithm,
                "user_ids": [{"name": n, "email": e} for n, e in key.key.user_ids],
                "armored_key": key.key.armored,
                "key_created_at": key.key.created_at_micros,
                "expires_at": key.key.expires_at_micros,
                "created_at": key.created_at_micros,
            },
            AlreadyExists(f"the key {key.key.fingerprint} is already registered in this organization", field=FIELD),
        )

    async def get(self, session: AsyncSession, organization: str, user_id: str, key_id: str) -> GpgKey | None:
        row = await one(session, gpg_keys, organization, gpg_keys.c.user_id == user_id, gpg_keys.c.key_id == key_id)
        return _key(row) if row else None

    async def list(
        self, session: AsyncSession, organization: str, user_id: str, size: int, token: str
    ) -> tuple[list[GpgKey], str]:
        rows, next_token = await page(session, gpg_keys, organization, (gpg_keys.c.user_id == user_id,), size, token)
        return [_key(r) for r in rows], next_token

    async def of_user(self, session: AsyncSession, organization: str, user_id: str) -> list[GpgKey]:
        query = (
            select(gpg_keys)
            .where(in_organization(gpg_keys, organization), gpg_keys.c.user_id == user_id)
            .order_by(gpg_keys.c.created_at, gpg_keys.c.id)
            .limit(200)
        )
        return [_key(r) for r in (await session.execute(query)).mappings()]

    async def delete(self, session: AsyncSession, organization: str, user_id: str, key_id: str) -> bool:
        result = await session.execute(
            delete(gpg_keys).where(
                in_organization(gpg_keys, organization), gpg_keys.c.user_id == user_id, gpg_keys.c.key_id == key_id
            )
        )
        return result.rowcount >= 1


def _key(row) -> GpgKey:
    parsed = ParsedKey(
        row["key_id"],
        row["fingerprint"],
        row["algorithm"],
        tuple((u.get("name", ""), u.get("email", "")) for u in row["user_ids"]),
        row["key_created_at"],
        row["expires_at"],
        row["armored_key"],
    )
    return GpgKey(row["id"], row["organization"], row["user_id"], parsed, row["created_at"])
