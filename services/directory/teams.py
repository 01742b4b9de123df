"""Teams and their members: domain objects, storage contract and SQL implementation."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from prism.runtime.errors import AlreadyExists
from services.directory.tables import team_members, teams
from services.directory.tenancy import in_organization, insert_unique, one, page

MEMBER_ROLES = ("owner", "member")


@dataclass(frozen=True)
class Team:
    id: str
    organization: str
    team_id: str
    display_name: str
    created_at_micros: int


@dataclass(frozen=True)
class TeamMember:
    organization: str
    team_id: str
    user_id: str
    role: str
    created_at_micros: int


class TeamRepository(Protocol):
    async def add(self, session: AsyncSession, team: Team) -> None: ...
    async def get(self, session: AsyncSession, organization: str, team_id: str) -> Team | None: ...
    async def list(
        self, session: AsyncSession, organization: str, size: int, token: str, member: str | None = None
    ) -> tuple[list[Team], str]: ...
    async def delete(self, session: AsyncSession, organization: str, team_id: str) -> bool: ...
    async def put_member(self, session: AsyncSession, member: TeamMember) -> None: ...
    async def members(
        self, session: AsyncSession, organization: str, team_id: str, size: int, token: str
    ) -> tuple[list[TeamMember], str]: ...
    async def remove_member(self, session: AsyncSession, organization: str, team_id: str, user_id: str) -> bool: ...
    async def memberships(self, session: AsyncSession, organization: str, user_id: str) -> list[TeamMember]: ...


class SqlTeamRepository:
    async def add(self, session: AsyncSession, team: Team) -> None:
        await insert_unique(
            session,
            teams,
            {
                "id": team.id,
                "organization": team.organization,
                "team_id": team.team_id,
                "display_name": team.display_name,
                "created_at": team.created_at_micros,
            },
            AlreadyExists(f"team {team.team_id!r} already exists", field="team.team_id"),
        )

    async def get(self, session: AsyncSession, organization: str, team_id: str) -> Team | None:
        row = await one(session, teams, organization, teams.c.team_id == team_id)
        return _team(row) if row else None

    async def list(
        self, session: AsyncSession, organization: str, size: int, token: str, member: str | None = None
    ) -> tuple[list[Team], str]:
        conditions = ()
        if member is not None:
            mine = select(team_members.c.team_id).where(
                in_organization(team_members, organization), team_members.c.user_id == member
            )
            conditions = (teams.c.team_id.in_(mine),)
        rows, next_token = await page(session, teams, organization, conditions, size, token)
        return [_team(r) for r in rows], next_token

    async def delete(self, session: AsyncSession, organization: str, team_id: str) -> bool:
        await session.execute(
            delete(team_members).where(in_organization(team_members, organization), team_members.c.team_id == team_id)
        )
        result = await session.execute(
            delete(teams).where(in_organization(teams, organization), teams.c.team_id == team_id)
        )
        return result.rowcount == 1

    async def put_member(self, session: AsyncSession, member: TeamMember) -> None:
        await session.execute(
            delete(team_members).where(
                in_organization(team_members, member.organization),
                team_members.c.team_id == member.team_id,
                team_members.c.user_id == member.user_id,
            )
        )
        await session.execute(
            team_members.insert().values(
                organization=member.organization,
                team_id=member.team_id,
                user_id=member.user_id,
                role=member.role,
                created_at=member.created_at_micros,
            )
        )

    async def members(
        self, session: AsyncSession, organization: str, team_id: str, size: int, token: str
    ) -> tuple[list[TeamMember], str]:
        rows, next_token = await page(
            session, team_members, organization, (team_members.c.team_id == team_id,), size, token, key_column="user_id"
        )
        return [_member(r) for r in rows], next_token

    async def remove_member(self, session: AsyncSession, organization: str, team_id: str, user_id: str) -> bool:
        result = await session.execute(
            delete(team_members).where(
                in_organization(team_members, organization),
                team_members.c.team_id == team_id,
                team_members.c.user_id == user_id,
            )
        )
        return result.rowcount == 1

    async def memberships(self, session: AsyncSession, organization: str, user_id: str) -> list[TeamMember]:
        query = select(team_members).where(
            in_organization(team_members, organization), team_members.c.user_id == user_id
        )
        return [_member(r) for r in (await session.execute(query)).mappings()]


def _team(row) -> Team:
    return Team(row["id"], row["organization"], row["team_id"], row["display_name"], row["created_at"])


def _member(row) -> TeamMember:
    return TeamMember(row["organization"], row["team_id"], row["user_id"], row["role"], row["created_at"])
