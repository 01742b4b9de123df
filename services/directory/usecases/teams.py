"""Teams: any person may create one (and owns it); owners and admins manage members."""

from __future__ import annotations

import uuid

from prism.runtime import clock
from prism.runtime.caller import current_caller
from prism.runtime.errors import InvalidArgument
from prism.runtime.resource_names import parse, validate_id
from services.directory.teams import MEMBER_ROLES, Team, TeamMember, TeamRepository
from services.directory.tenancy import not_found, tenant
from services.directory.usecases.base import UseCases
from services.directory.users import UserRepository

TEAM = "organizations/{org}/teams/{team}"
MEMBER = "organizations/{org}/teams/{team}/members/{user}"


class TeamUseCases(UseCases):
    def __init__(self, transactions, repository: TeamRepository, users: UserRepository) -> None:
        super().__init__(transactions)
        self.repository = repository
        self.users = users

    async def create(self, parent: str, team_id: str, display_name: str) -> Team:
        org = tenant(parse("organizations/{org}", parent, field="parent")["org"])
        validate_id(team_id, field="team.team_id", what="team id")
        if len(display_name) > 200:
            raise InvalidArgument("display_name is longer than 200 characters", field="team.display_name")
        now = clock.now_micros()
        team = Team(str(uuid.uuid4()), org, team_id, display_name or team_id, now)
        caller = current_caller()
        async with self.transactions.begin() as uow:
            await self.repository.add(uow.session, team)
            if caller.kind == "user":
                await self.repository.put_member(uow.session, TeamMember(org, team_id, caller.subject, "owner", now))
            await self.audit(uow, "directory.team.created", org, f"organizations/{org}/teams/{team_id}")
        return team

    async def get(self, name: str) -> Team:
        parts = parse(TEAM, name, field="name")
        org = tenant(parts["org"])
        async with self.transactions.begin() as uow:
            team = await self.repository.get(uow.session, org, parts["team"])
        if team is None:
            raise not_found("team", parts["team"])
        return team

    async def list(self, parent: str, size: int, token: str) -> tuple[list[Team], str]:
        org = tenant(parse("organizations/{org}", parent, field="parent")["org"])
        caller = current_caller()
        only_of = None if caller.is_system or caller.role == "admin" else caller.subject
        async with self.transactions.begin() as uow:
            return await self.repository.list(uow.session, org, size, token, member=only_of)

    async def delete(self, name: str) -> None:
        parts = parse(TEAM, name, field="name")
        org = tenant(parts["org"])
        async with self.transactions.begin() as uow:
            if not await self.repository.delete(uow.session, org, parts["team"]):
                raise not_found("team", parts["team"])
            await self.audit(uow, "directory.team.deleted", org, name)

    async def add_member(self, parent: str, user_id: str, role: str) -> TeamMember:
        parts = parse(TEAM, parent, field="parent")
        org = tenant(parts["org"])
        role = role or "member"
        if role not in MEMBER_ROLES:
            raise InvalidArgument(f"role must be one of {', '.join(MEMBER_ROLES)}", field="member.role")
        if not user_id:
            raise InvalidArgument("user_id is required", field="member.user_id")
        async with self.transactions.begin() as uow:
            if await self.repository.get(uow.session, org, parts["team"]) is None:
                raise not_found("team", parts["team"], field="parent")
            if await self.users.get(uow.session, org, user_id) is None:
                raise not_found("user", user_id, field="member.user_id")
            member = TeamMember(org, parts["team"], user_id, role, clock.now_micros())
            await self.repository.put_member(uow.session, member)
            await self.audit(uow, "directory.team.member_added", org, f"{parent}/members/{user_id}", role=role)
        return member

    async def members(self, parent: str, size: int, token: str) -> tuple[list[TeamMember], str]:
        parts = parse(TEAM, parent, field="parent")
        org = tenant(parts["org"])
        async with self.transactions.begin() as uow:
            if await self.repository.get(uow.session, org, parts["team"]) is None:
                raise not_found("team", parts["team"], field="parent")
            return await self.repository.members(uow.session, org, parts["team"], size, token)

    async def remove_member(self, name: str) -> None:
        parts = parse(MEMBER, name, field="name")
        org = tenant(parts["org"])
        async with self.transactions.begin() as uow:
            if not await self.repository.remove_member(uow.session, org, parts["team"], parts["user"]):
                raise not_found("team member", parts["user"])
            await self.audit(uow, "directory.team.member_removed", org, name)
