"""Storage of key rings: the contract the use cases need, and its SQL implementation."""

from __future__ import annotations

from typing import Protocol

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from services.keys.keyring import KeyRecord, KeyState, Ring
from services.keys.tables import rings, signing_keys


class RingConflict(Exception):
    """Another replica created the same ring or key generation first."""


class KeyRingRepository(Protocol):
    async def get(self, session: AsyncSession, organization: str) -> Ring | None: ...

    async def lock(self, session: AsyncSession, organization: str, now: int) -> bool: ...

    async def create_ring(self, session: AsyncSession, organization: str, algorithm: str, now: int) -> None: ...

    async def add_key(self, session: AsyncSession, key: KeyRecord) -> None: ...

    async def save_key(self, session: AsyncSession, key: KeyRecord) -> None: ...

    async def save_ring(
        self,
        session: AsyncSession,
        organization: str,
        *,
        algorithm: str,
        bump: bool,
        now: int,
        next_action_at: int | None,
    ) -> None: ...

    async def due(self, session: AsyncSession, now: int, limit: int) -> list[str]: ...

    async def changed_since(self, session: AsyncSession, since: int) -> list[tuple[str, int, int]]: ...

    async def max_generation(self, session: AsyncSession, organization: str) -> int: ...


class SqlKeyRingRepository:
    async def get(self, session: AsyncSession, organization: str) -> Ring | None:
        ring = (await session.execute(select(rings).where(rings.c.organization == organization))).mappings().first()
        if ring is None:
            return None
        rows = (
            await session.execute(
                select(signing_keys)
                .where(signing_keys.c.organization == organization, signing_keys.c.state != KeyState.REMOVED.value)
                .order_by(signing_keys.c.generation.desc())
            )
        ).mappings()
        return Ring(organization, ring["algorithm"], ring["version"], tuple(_record(r) for r in rows))

    async def lock(self, session: AsyncSession, organization: str, now: int) -> bool:
        """Take the ring's row lock (PostgreSQL) or the write lock (SQLite) for this transaction."""
        result = await session.execute(update(rings).where(rings.c.organization == organization).values(locked_at=now))
        return result.rowcount == 1

    async def create_ring(self, session: AsyncSession, organization: str, algorithm: str, now: int) -> None:
        try:
            async with session.begin_nested():
                await session.execute(
                    rings.insert().values(
                        organization=organization,
                        algorithm=algorithm,
                        version=0,
                        updated_at=now,
                        next_action_at=None,
                        locked_at=now,
                    )
                )
        except IntegrityError:
            raise RingConflict(organization) from None

    async def add_key(self, session: AsyncSession, key: KeyRecord) -> None:
        try:
            async with session.begin_nested():
                await session.execute(
                    signing_keys.insert().values(
                        kid=key.kid,
                        organization=key.organization,
                        generation=key.generation,
                        algorithm=key.algorithm,
                        public_jwk=key.public_jwk,
                        private_key_sealed=key.private_key_sealed,
                        kek_id=key.kek_id,
                        state=key.recorded_state.value,
                        created_at=key.created_at,
                        activate_at=key.activate_at,
                        retire_at=key.retire_at,
                        remove_at=key.remove_at,
                    )
                )
        except IntegrityError:
            raise RingConflict(key.organization) from None

    async def save_key(self, session: AsyncSession, key: KeyRecord) -> None:
        await session.execute(
            update(signing_keys)
            .where(signing_keys.c.kid == key.kid)
            .values(
                state=key.recorded_state.value,
                retire_at=key.retire_at,
                remove_at=key.remove_at,
                private_key_sealed=key.private_key_sealed,
            )
        )

    async def save_ring(
        self,
        session: AsyncSession,
        organization: str,
        *,
        algorithm: str,
        bump: bool,
        now: int,
        next_action_at: int | None,
    ) -> None:
        values = {"algorithm": algorithm, "next_action_at": next_action_at}
        if bump:
            values.update(version=rings.c.version + 1, updated_at=now)
        await session.execute(update(rings).where(rings.c.organization == organization).values(**values))

    async def due(self, session: AsyncSession, now: int, limit: int) -> list[str]:
        query = (
            select(rings.c.organization)
            .where(rings.c.next_action_at <= now)
            .order_by(rings.c.next_action_at)
            .limit(limit)
        )
        return list((await session.execute(query)).scalars())

    async def changed_since(self, session: AsyncSession, since: int) -> list[tuple[str, int, int]]:
        query = (
            select(rings.c.organization, rings.c.version, rings.c.updated_at)
            .where(rings.c.updated_at > since)
            .order_by(rings.c.updated_at)
        )
        return [tuple(row) for row in (await session.execute(query))]

    async def max_generation(self, session: AsyncSession, organization: str) -> int:
        from sqlalchemy import func

        query = select(func.max(signing_keys.c.generation)).where(signing_keys.c.organization == organization)
        return (await session.execute(query)).scalar() or 0


def _record(row) -> KeyRecord:
    return KeyRecord(
        kid=row["kid"],
        organization=row["organization"],
        generation=row["generation"],
        algorithm=row["algorithm"],
        public_jwk=row["public_jwk"],
        private_key_sealed=row["private_key_sealed"],
        kek_id=row["kek_id"],
        recorded_state=KeyState(row["state"]),
        created_at=row["created_at"],
        activate_at=row["activate_at"],
        retire_at=row["retire_at"],
        remove_at=row["remove_at"],
    )
