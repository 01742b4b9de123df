"""Organizations: the domain object, its storage contract and its SQL implementation."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy import and_, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from prism.runtime.errors import AlreadyExists, InvalidArgument
from prism.runtime.resource_names import SLUG_PATTERN
from services.directory.tables import organizations

MAX_DISPLAY_NAME = 200


@dataclass(frozen=True)
class Organization:
    id: str
    slug: str
    display_name: str
    created_at_micros: int


def slugify(display_name: str) -> str:
    """`Org 1` -> `org-1`: ASCII letters and digits, other runs become one hyphen."""
    ascii_name = unicodedata.normalize("NFKD", display_name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    return slug[:63].rstrip("-")


def validated_display_name(value: str, field: str) -> str:
    name = value.strip()
    if not name:
        raise InvalidArgument("display_name is required", field=field)
    if len(name) > MAX_DISPLAY_NAME:
        raise InvalidArgument(f"display_name is longer than {MAX_DISPLAY_NAME} characters", field=field)
    slug = slugify(name)
    if not SLUG_PATTERN.match(slug):
        raise InvalidArgument(f"display_name {name!r} has no letters or digits to make a slug from", field=field)
    return name


class OrganizationRepository(Protocol):
    async def add(self, session: AsyncSession, organization: Organization) -> None: ...

    async def get_by_slug(self, session: AsyncSession, slug: str) -> Organization | None: ...

    async def list_after(
        self, session: AsyncSession, after: tuple[int, str] | None, limit: int
    ) -> list[Organization]: ...


class SqlOrganizationRepository:
    async def add(self, session: AsyncSession, organization: Organization) -> None:
        try:
            async with session.begin_nested():
                await session.execute(
                    organizations.insert().values(
                        id=organization.id,
                        slug=organization.slug,
                        display_name=organization.display_name,
                        created_at=organization.created_at_micros,
                    )
                )
        except IntegrityError:
            raise AlreadyExists(
                f"an organization with slug {organization.slug!r} already exists",
                field="organization.display_name",
                metadata={"slug": organization.slug},
            ) from None

    async def get_by_slug(self, session: AsyncSession, slug: str) -> Organization | None:
        row = (await session.execute(select(organizations).where(organizations.c.slug == slug))).mappings().first()
        return _organization(row) if row else None

    async def list_after(self, session: AsyncSession, after: tuple[int, str] | None, limit: int) -> list[Organization]:
        t = organizations
        query = select(t).order_by(t.c.created_at, t.c.id).limit(limit)
        if after is not None:
            at, org_id = after
            query = query.where(or_(t.c.created_at > at, and_(t.c.created_at == at, t.c.id > org_id)))
        return [_organization(row) for row in (await session.execute(query)).mappings()]


def _organization(row) -> Organization:
    return Organization(
        id=row["id"], slug=row["slug"], display_name=row["display_name"], created_at_micros=row["created_at"]
    )
