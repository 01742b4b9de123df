"""Invitations: the domain object, its storage contract and its SQL implementation.

The link carries a random token; the row keeps its SHA-256 (`digest`). An invitation's state is
computed, never stored: REVOKED or ACCEPTED once marked so, else EXPIRED after `expires_at`, else
PENDING. Acceptance is one conditional UPDATE, so that of concurrent accepts exactly one wins.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from sqlalchemy import and_, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from prism.runtime import pagination
from services.directory.tables import invitations
from services.directory.tenancy import in_organization, one

PENDING, ACCEPTED, REVOKED, EXPIRED = "PENDING", "ACCEPTED", "REVOKED", "EXPIRED"


@dataclass(frozen=True)
class Invitation:
    id: str
    organization: str
    email: str
    team: str | None
    team_role: str  # member or owner
    role: str  # user or admin, of an account created from it
    digest: str
    inviter: str  # user id of who invited
    created_at_micros: int
    expires_at_micros: int
    revoked_at_micros: int | None = None
    accepted_at_micros: int | None = None
    accepted_by: str | None = None

    def state(self, now_micros: int) -> str:
        if self.revoked_at_micros is not None:
            return REVOKED
        if self.accepted_at_micros is not None:
            return ACCEPTED
        if self.expires_at_micros <= now_micros:
            return EXPIRED
        return PENDING


class InvitationRepository(Protocol):
    async def add(self, session: AsyncSession, invitation: Invitation) -> None: ...
    async def get(self, session: AsyncSession, organization: str, invitation_id: str) -> Invitation | None: ...
    async def by_digest(self, session: AsyncSession, digest: str) -> Invitation | None: ...
    async def list(
        self, session: AsyncSession, organization: str, size: int, token: str
    ) -> tuple[list[Invitation], str]: ...
    async def revoke(self, session: AsyncSession, organization: str, invitation_id: str, now: int) -> bool: ...
    async def accept(
        self, session: AsyncSession, organization: str, invitation_id: str, user_id: str, now: int
    ) -> bool: ...
    async def set_accepted_by(
        self, session: AsyncSession, organization: str, invitation_id: str, user_id: str
    ) -> None: ...


class SqlInvitationRepository:
    async def add(self, session: AsyncSession, invitation: Invitation) -> None:
        await session.execute(
            invitations.insert().values(
                id=invitation.id,
                organization=invitation.organization,
                email=invitation.email,
                team=invitation.team,
                team_role=invitation.team_role,
                role=invitation.role,
                digest=invitation.digest,
                inviter=invitation.inviter,
                created_at=invitation.created_at_micros,
                expires_at=invitation.expires_at_micros,
            )
        )

    async def get(self, session: AsyncSession, organization: str, invitation_id: str) -> Invitation | None:
        row = await one(session, invitations, organization, invitations.c.id == invitation_id)
        return _invitation(row) if row else None

    async def by_digest(self, session: AsyncSession, digest: str) -> Invitation | None:
        """The invitation with this token digest, whatever its organization: the token is the credential."""
        row = (await session.execute(select(invitations).where(invitations.c.digest == digest))).mappings().first()
        return _invitation(row) if row else None

    async def list(
        self, session: AsyncSession, organization: str, size: int, token: str
    ) -> tuple[list[Invitation], str]:
        """A page of invitations newest first, with the opaque token of the next page."""
        limit = pagination.page_size(size)
        cursor = pagination.decode(token, keys=("t", "k"))
        time_col, key_col = invitations.c.created_at, invitations.c.id
        query = (
            select(invitations)
            .where(in_organization(invitations, organization))
            .order_by(time_col.desc(), key_col.desc())
            .limit(limit + 1)
        )
        if cursor:
            query = query.where(or_(time_col < cursor["t"], and_(time_col == cursor["t"], key_col < cursor["k"])))
        rows = list((await session.execute(query)).mappings())
        next_token = ""
        if len(rows) > limit:
            rows = rows[:limit]
            next_token = pagination.encode({"t": rows[-1]["created_at"], "k": rows[-1]["id"]})
        return [_invitation(r) for r in rows], next_token

    async def revoke(self, session: AsyncSession, organization: str, invitation_id: str, now: int) -> bool:
        """Mark it revoked unless it was accepted or revoked already (the caller tells which)."""
        result = await session.execute(
            update(invitations)
            .where(
                in_organization(invitations, organization),
                invitations.c.id == invitation_id,
                invitations.c.accepted_at.is_(None),
                invitations.c.revoked_at.is_(None),
            )
            .values(revoked_at=now)
        )
        return result.rowcount == 1

    async def accept(
        self, session: AsyncSession, organization: str, invitation_id: str, user_id: str, now: int
    ) -> bool:
        """Claim a pending invitation for `user_id`; False when it is no longer pending (another accept won)."""
        result = await session.execute(
            update(invitations)
            .where(
                in_organization(invitations, organization),
                invitations.c.id == invitation_id,
                invitations.c.accepted_at.is_(None),
                invitations.c.revoked_at.is_(None),
                invitations.c.expires_at > now,
            )
            .values(accepted_at=now, accepted_by=user_id)
        )
        return result.rowcount == 1

    async def set_accepted_by(self, session: AsyncSession, organization: str, invitation_id: str, user_id: str) -> None:
        """Names the account of an acceptance whose account was made after the claim (SSO)."""
        await session.execute(
            update(invitations)
            .where(in_organization(invitations, organization), invitations.c.id == invitation_id)
            .values(accepted_by=user_id)
        )


def _invitation(row) -> Invitation:
    return Invitation(
        id=row["id"],
        organization=row["organization"],
        email=row["email"],
        team=row["team"],
        team_role=row["team_role"],
        role=row["role"],
        digest=row["digest"],
        inviter=row["inviter"],
        created_at_micros=row["created_at"],
        expires_at_micros=row["expires_at"],
        revoked_at_micros=row["revoked_at"],
        accepted_at_micros=row["accepted_at"],
        accepted_by=row["accepted_by"],
    )
