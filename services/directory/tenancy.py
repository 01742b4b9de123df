"""The one tenant-scoping helper of the directory, and shared SQL steps.

Use cases take the organization from the resource name, then `tenant()` checks it against the
verified caller (authz has decided already; this is the repository's own guard). Repositories add
`in_organization()` to every query of tenant-owned rows.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Table, and_, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from prism.runtime import pagination
from prism.runtime.caller import current_caller
from prism.runtime.errors import NotFound, PermissionDenied, PrismError


def tenant(organization: str) -> str:
    """`organization` if the caller may act in it; else PermissionDenied (the same for any name)."""
    caller = current_caller()
    if caller.is_system or caller.organization == organization:
        return organization
    raise PermissionDenied("you cannot act in another organization")


def in_organization(table: Table, organization: str):
    return table.c.organization == organization


async def insert_unique(session: AsyncSession, table: Table, values: dict, conflict: PrismError) -> None:
    try:
        async with session.begin_nested():
            await session.execute(table.insert().values(**values))
    except IntegrityError:
        raise conflict from None


async def one(session: AsyncSession, table: Table, organization: str, *conditions):
    query = select(table).where(in_organization(table, organization), *conditions)
    return (await session.execute(query)).mappings().first()


async def page(
    session: AsyncSession,
    table: Table,
    organization: str,
    conditions: Sequence,
    page_size: int,
    page_token: str,
    key_column: str = "id",
) -> tuple[list, str]:
    """A page of rows oldest first, with the opaque token of the next page."""
    limit = pagination.page_size(page_size)
    cursor = pagination.decode(page_token, keys=("t", "k"))
    time_col, key_col = table.c.created_at, table.c[key_column]
    query = (
        select(table)
        .where(in_organization(table, organization), *conditions)
        .order_by(time_col, key_col)
        .limit(limit + 1)
    )
    if cursor:
        query = query.where(or_(time_col > cursor["t"], and_(time_col == cursor["t"], key_col > cursor["k"])))
    rows = list((await session.execute(query)).mappings())
    token = ""
    if len(rows) > limit:
        rows = rows[:limit]
        token = pagination.encode({"t": rows[-1]["created_at"], "k": rows[-1][key_column]})
    return rows, token


def not_found(what: str, name: str, field: str = "name") -> NotFound:
    return NotFound(f"{what} {name!r} does not exist", field=field)
