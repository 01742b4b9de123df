"""Refresh tokens: opaque, stored as SHA-256, rotated on every use, grouped in families.

A family is one grant (one authorization code's descendants). Each refresh token can be used once:
the winner of `UPDATE ... WHERE rotated_at IS NULL` gets the next token. A rotated token presented
again is taken as theft and revokes the whole family with the access tokens issued in it, except
within `PRISM_REFRESH_TOKEN_REUSE_GRACE_SECONDS` of its rotation: that is a client whose response
was lost, and it gets a fresh pair while every other live token of the family is retired.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError

from prism.runtime.audit import AuditEvent, Outcome
from prism.runtime.clock import MICROS, Clock
from prism.runtime.errors import InvalidGrant
from prism.runtime.jws import random_id
from prism.runtime.secrets import digest
from prism.runtime.service_app import Transactions
from services.token.tables import refresh_families, refresh_tokens, revocations

log = logging.getLogger("prism.token.refresh")
INVALID = "the refresh token is invalid, expired or revoked"


@dataclass(frozen=True)
class Family:
    family_id: str
    organization: str
    client_id: str
    user_id: str
    session_id: str
    scopes: tuple[str, ...]
    auth_time: int


async def revoke_access_tokens(session, organization: str, tokens: list[tuple[str, int]], now: int) -> None:
    """Add (jti, expires_at) pairs to the revocation list, skipping expired and already revoked ones."""
    live = {jti: exp for jti, exp in tokens if exp > now}
    if not live:
        return
    known = await session.execute(select(revocations.c.jti).where(revocations.c.jti.in_(list(live))))
    for (jti,) in known:
        live.pop(jti, None)
    for jti, expires_at in live.items():
        try:
            async with session.begin_nested():
                await session.execute(
                    revocations.insert().values(
                        jti=jti, organization=organization, expires_at=expires_at, revoked_at=now
                    )
                )
        except IntegrityError:
            pass  # revoked at the same moment by another request


class RefreshTokens:
    def __init__(self, transactions: Transactions, clock: Clock, grace_seconds: int) -> None:
        self.transactions = transactions
        self.clock = clock
        self.grace = grace_seconds

    def now(self) -> int:
        return self.clock.now_micros() // MICROS

    async def issue(self, grant, *, access_jti: str, access_expires_in: int, lifetime_seconds: int) -> str:
        """A new refresh token of the grant's family (created with its first token).

        A family revoked meanwhile (a replayed code, a reused token) still gets the row, dead on
        arrival: the request that won the code gets its answer, and what it got is revoked.
        """
        token = random_id(32)
        now = self.now()
        async with self.transactions.begin() as uow:
            family = (
                await uow.session.execute(
                    select(refresh_families.c.revoked_at).where(refresh_families.c.family_id == grant.family_id)
                )
            ).first()
            if family is None:
                try:
                    async with uow.session.begin_nested():
                        await uow.session.execute(
                            refresh_families.insert().values(
                                family_id=grant.family_id,
                                organization=grant.organization,
                                client_id=grant.client_id,
                                user_id=grant.user_id,
                                session_id=grant.session_id,
                                scopes=" ".join(grant.scopes),
                                auth_time=grant.auth_time,
                                created_at=now,
                            )
                        )
                except IntegrityError:
                    pass  # a replay created it, revoked, a moment ago
            await uow.session.execute(
                refresh_tokens.insert().values(
                    digest=digest(token),
                    family_id=grant.family_id,
                    access_jti=access_jti,
                    access_expires_at=now + access_expires_in,
                    issued_at=now,
                    expires_at=now + lifetime_seconds,
                )
            )
            await uow.session.execute(delete(refresh_tokens).where(refresh_tokens.c.expires_at < now - 86400))
            revoked = (
                await uow.session.execute(
                    select(refresh_families.c.revoked_at).where(refresh_families.c.family_id == grant.family_id)
                )
            ).scalar_one()
            if revoked is not None:  # revoked while this was issued: its access token goes too
                await revoke_access_tokens(
                    uow.session, grant.organization, [(access_jti, now + access_expires_in)], now
                )
        return token

    async def _lookup(self, token: str):
        if not token or len(token) > 128:
            return None
        async with self.transactions.begin() as uow:
            query = (
                select(refresh_tokens, refresh_families)
                .join(refresh_families, refresh_families.c.family_id == refresh_tokens.c.family_id)
                .where(refresh_tokens.c.digest == digest(token))
            )
            return (await uow.session.execute(query)).mappings().first()

    async def rotate(self, organization: str, client_id: str, token: str) -> Family:
        """Spend `token`; the family to issue the next pair in. InvalidGrant when it cannot be used."""
        row = await self._lookup(token)
        now = self.now()
        if row is None or row["organization"] != organization or row["client_id"] != client_id:
            raise InvalidGrant(INVALID, reason="INVALID_REFRESH_TOKEN")
        if row["revoked_at"] is not None:
            raise InvalidGrant("the refresh token was revoked", reason="GRANT_REVOKED")
        if row["expires_at"] <= now:
            raise InvalidGrant("the refresh token has expired; sign in again", reason="REFRESH_TOKEN_EXPIRED")
        family = _family(row)
        async with self.transactions.begin() as uow:
            spent = await uow.session.execute(
                update(refresh_tokens)
                .where(refresh_tokens.c.digest == row["digest"], refresh_tokens.c.rotated_at.is_(None))
                .values(rotated_at=now)
            )
            if spent.rowcount == 1:
                return family
            rotated_at = (
                await uow.session.execute(
                    select(refresh_tokens.c.rotated_at).where(refresh_tokens.c.digest == row["digest"])
                )
            ).scalar_one()
            if now - rotated_at <= self.grace:
                # a lost response: retire the live successors, hand out a fresh pair
                await uow.session.execute(
                    update(refresh_tokens)
                    .where(refresh_tokens.c.family_id == family.family_id, refresh_tokens.c.rotated_at.is_(None))
                    .values(rotated_at=now)
                )
                log.info("refresh token reused within the grace period", extra={"family": family.family_id})
                return family
        await self.revoke_family(family.family_id, "refresh_token_reused", actor=client_id)
        raise InvalidGrant(
            "the refresh token was already used; the whole grant is now revoked", reason="REFRESH_TOKEN_REUSED"
        )

    async def revoke_family(
        self, family_id: str, reason: str, *, actor: str, organization: str = "", tombstone: Family | None = None
    ) -> None:
        """Revoke a family, its refresh tokens and the access tokens issued with them.

        `tombstone` describes a family that may not exist yet (a replayed code's): it is created
        revoked, so that the first redemption, if still running, cannot start it.
        """
        now = self.now()
        async with self.transactions.begin() as uow:
            result = await uow.session.execute(
                update(refresh_families)
                .where(refresh_families.c.family_id == family_id, refresh_families.c.revoked_at.is_(None))
                .values(revoked_at=now, revoked_reason=reason)
            )
            family = (
                (await uow.session.execute(select(refresh_families).where(refresh_families.c.family_id == family_id)))
                .mappings()
                .first()
            )
            if family is None and tombstone is not None:
                try:
                    async with uow.session.begin_nested():
                        await uow.session.execute(
                            refresh_families.insert().values(
                                family_id=family_id,
                                organization=tombstone.organization,
                                client_id=tombstone.client_id,
                                user_id=tombstone.user_id,
                                session_id=tombstone.session_id,
                                scopes=" ".join(tombstone.scopes),
                                auth_time=tombstone.auth_time,
                                created_at=now,
                                revoked_at=now,
                                revoked_reason=reason,
                            )
                        )
                except IntegrityError:  # the redemption created it meanwhile: revoke that one
                    await uow.session.execute(
                        update(refresh_families)
                        .where(refresh_families.c.family_id == family_id)
                        .values(revoked_at=now, revoked_reason=reason)
                    )
                    family = (
                        (
                            await uow.session.execute(
                                select(refresh_families).where(refresh_families.c.family_id == family_id)
                            )
                        )
                        .mappings()
                        .first()
                    )
            if family is None:
                return
            issued = await uow.session.execute(
                select(refresh_tokens.c.access_jti, refresh_tokens.c.access_expires_at).where(
                    refresh_tokens.c.family_id == family_id
                )
            )
            await revoke_access_tokens(uow.session, family["organization"], [tuple(r) for r in issued], now)
            if result.rowcount == 1 or tombstone is not None:
                await uow.audit(
                    AuditEvent(
                        action="token.grant.revoked",
                        target=f"organizations/{family['organization']}/apps/{family['client_id']}",
                        actor=actor,
                        organization=family["organization"],
                        outcome=Outcome.SUCCESS,
                        details={"family": family_id, "reason": reason, "user": family["user_id"]},
                    )
                )

    async def claims_if_active(self, organization: str, token: str) -> dict | None:
        """RFC 7662 members of an active refresh token of this organization, else None."""
        row = await self._lookup(token)
        now = self.now()
        if (
            row is None
            or row["organization"] != organization
            or row["revoked_at"] is not None
            or row["rotated_at"] is not None
            or row["expires_at"] <= now
        ):
            return None
        return {
            "scope": row["scopes"],
            "client_id": row["client_id"],
            "sub": row["user_id"],
            "exp": row["expires_at"],
            "iat": row["issued_at"],
            "token_type": "refresh_token",
        }

    async def revoke(self, organization: str, client_id: str, token: str) -> bool:
        """RFC 7009 for a refresh token: the client's own token revokes its whole grant."""
        row = await self._lookup(token)
        if row is None or row["organization"] != organization or row["client_id"] != client_id:
            return False
        await self.revoke_family(row["family_id"], "revoked_by_client", actor=client_id)
        return True


def _family(row) -> Family:
    return Family(
        row["family_id"],
        row["organization"],
        row["client_id"],
        row["user_id"],
        row["session_id"],
        tuple(row["scopes"].split()),
        row["auth_time"],
    )
