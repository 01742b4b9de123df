"""Users of an organization: admins manage them; a user sees themself."""

from __future__ import annotations

import uuid

from prism.runtime import clock, passwords
from prism.runtime.errors import FailedPrecondition, InvalidArgument
from prism.runtime.resource_names import parse
from services.directory.tenancy import not_found, tenant
from services.directory.usecases.base import UseCases
from services.directory.users import ROLES, User, UserRepository, validated_username

USER = "organizations/{org}/users/{user}"


class UserUseCases(UseCases):
    def __init__(self, transactions, repository: UserRepository, throttle) -> None:
        super().__init__(transactions)
        self.repository = repository
        self.throttle = throttle

    async def create(
        self, parent: str, *, username: str, password: str, email: str, display_name: str, role: str
    ) -> User:
        org = tenant(parse("organizations/{org}", parent, field="parent")["org"])
        validated_username(username, "user.username")
        role = role or "user"
        if role not in ROLES:
            raise InvalidArgument(f"role must be one of {', '.join(ROLES)}", field="user.role")
        if not password:
            raise InvalidArgument("password is required", field="user.password")
        passwords.check_policy(password, field="user.password")
        if email and ("@" not in email or len(email) > 320):
            raise InvalidArgument(f"email {email!r} is not a valid address", field="user.email")
        if len(display_name) > 200:
            raise InvalidArgument("display_name is longer than 200 characters", field="user.display_name")
        user = User(
            str(uuid.uuid4()),
            org,
            username,
            email,
            display_name or username,
            role,
            "local",
            passwords.hash_password(password),
            clock.now_micros(),
        )
        async with self.transactions.begin() as uow:
            await self.repository.add(uow.session, user)
            await self.audit(
                uow, "directory.user.created", org, f"organizations/{org}/users/{user.id}", username=username, role=role
            )
        return user

    async def get(self, name: str) -> User:
        parts = parse(USER, name, field="name")
        org = tenant(parts["org"])
        async with self.transactions.begin() as uow:
            user = await self.repository.get(uow.session, org, parts["user"])
        if user is None:
            raise not_found("user", parts["user"])
        return user

    async def list(self, parent: str, size: int, token: str) -> tuple[list[User], str]:
        org = tenant(parse("organizations/{org}", parent, field="parent")["org"])
        async with self.transactions.begin() as uow:
            return await self.repository.list(uow.session, org, size, token)

    async def delete(self, name: str) -> None:
        parts = parse(USER, name, field="name")
        org = tenant(parts["org"])
        async with self.transactions.begin() as uow:
            user = await self.repository.get(uow.session, org, parts["user"])
            if user is None:
                raise not_found("user", parts["user"])
            if user.role == "admin" and await self.repository.count_admins(uow.session, org) <= 1:
                raise FailedPrecondition(
                    "this is the organization's last admin; make another admin first", field="name"
                )
            await self.repository.delete(uow.session, org, user.id)
            await self.audit(uow, "directory.user.deleted", org, name, username=user.username)
