"""Users: the domain object, its storage contract and its SQL implementation."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from prism.runtime.errors import AlreadyExists, InvalidArgument
from services.directory.tables import domains, gpg_keys, team_members, users
from services.directory.tenancy import in_organization, insert_unique, one, page

ROLES = ("admin", "user")
LOCAL_PROVIDER = "prism"  # the built-in provider of local (password) accounts; no SSO provider may take it


@dataclass(frozen=True)
class User:
    id: str
    organization: str
    username: str
    email: str
    display_name: str
    role: str
    kind: str  # "local" (a password) or "external" (signs in through an SSO provider)
    password_hash: str | None
    created_at_micros: int
    provider: str | None = None  # external users: slug of their SSO provider; None for local users
    email_verified: bool = False  # confirmed by a verification link, an invitation or the SSO provider
    disabled: bool = False  # a disabled user cannot sign in


class UserRepository(Protocol):
    async def add(self, session: AsyncSession, user: User) -> None: ...
    async def get(self, session: AsyncSession, organization: str, user_id: str) -> User | None: ...
    async def by_username(self, session: AsyncSession, organization: str, username: str) -> User | None: ...
    async def by_email(self, session: AsyncSession, organization: str, email: str) -> User | None: ...
    async def list(self, session: AsyncSession, organization: str, size: int, token: str) -> tuple[list[User], str]: ...
    async def count_admins(self, session: AsyncSession, organization: str) -> int: ...
    async def save(self, session: AsyncSession, user: User) -> None: ...
    async def set_password_hash(self, session: AsyncSession, organization: str, user_id: str, value: str) -> None: ...
    async def delete(self, session: AsyncSession, organization: str, user_id: str) -> bool: ...


class SqlUserRepository:
    async def add(self, session: AsyncSession, user: User) -> None:
        await insert_unique(
            session,
            users,
            {
                "id": user.id,
                "organization": user.organization,
                "username": user.username,
                "email": user.email,
                "display_name": user.display_name,
                "role": user.role,
                "kind": user.kind,
                "password_hash": user.password_hash,
                "created_at": user.created_at_micros,
                "provider": user.provider,
                "email_verified": user.email_verified,
                "disabled": user.disabled,
            },
            AlreadyExists(f"username {user.username!r} is taken in this organization", field="user.username"),
        )

    async def get(self, session: AsyncSession, organization: str, user_id: str) -> User | None:
        row = await one(session, users, organization, users.c.id == user_id)
        return _user(row) if row else None

    async def by_username(self, session: AsyncSession, organization: str, username: str) -> User | None:
        row = await one(session, users, organization, users.c.username == username)
        return _user(row) if row else None

    async def by_email(self, session: AsyncSession, organization: str, email: str) -> User | None:
        """The one user with this email (case-insensitive); None when none or several have it."""
        query = (
            select(users)
            .where(in_organization(users, organization), func.lower(users.c.email) == email.lower())
            .limit(2)
        )
        rows = (await session.execute(query)).mappings().all()
        return _user(rows[0]) if len(rows) == 1 else None

    async def list(self, session: AsyncSession, organization: str, size: int, token: str) -> tuple[list[User], str]:
        rows, next_token = await page(session, users, organization, (), size, token)
        return [_user(r) for r in rows], next_token

    async def count_admins(self, session: AsyncSession, organization: str) -> int:
        """Admins who can act: disabled ones do not count."""
        query = select(func.count()).where(
            in_organization(users, organization), users.c.role == "admin", users.c.disabled.is_(False)
        )
        return (await session.execute(query)).scalar_one()

    async def save(self, session: AsyncSession, user: User) -> None:
        """Writes the fields an admin may change (email, names, role, password, disabled)."""
        await session.execute(
            update(users)
            .where(in_organization(users, user.organization), users.c.id == user.id)
            .values(
                email=user.email,
                email_verified=user.email_verified,
                display_name=user.display_name,
                role=user.role,
                password_hash=user.password_hash,
                disabled=user.disabled,
            )
        )

    async def set_password_hash(self, session: AsyncSession, organization: str, user_id: str, value: str) -> None:
        await session.execute(
            update(users).where(in_organization(users, organization), users.c.id == user_id).values(password_hash=value)
        )

    async def delete(self, session: AsyncSession, organization: str, user_id: str) -> bool:
        await session.execute(
            delete(team_members).where(in_organization(team_members, organization), team_members.c.user_id == user_id)
        )
        for owned in (domains, gpg_keys):
            await session.execute(delete(owned).where(in_organization(owned, organization), owned.c.user_id == user_id))
        result = await session.execute(delete(users).where(in_organization(users, organization), users.c.id == user_id))
        return result.rowcount == 1


def _user(row) -> User:
    return User(
        row["id"],
        row["organization"],
        row["username"],
        row["email"],
        row["display_name"],
        row["role"],
        row["kind"],
        row["password_hash"],
        row["created_at"],
        row["provider"],
        bool(row["email_verified"]),
        bool(row["disabled"]),
    )


USERNAME_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@+-]{0,127}$")


def validated_username(value: str, field: str) -> str:
    if not value:
        raise InvalidArgument(f"{field} is required", field=field)
    if not USERNAME_PATTERN.match(value):
        raise InvalidArgument(
            f"{field} {value!r} is not valid: use up to 128 letters, digits and . _ @ + -", field=field
        )
    return value
