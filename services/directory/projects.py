"""Projects: the domain object, its storage contract and its SQL implementation."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from prism.runtime.errors import AlreadyExists
from services.directory.tables import projects, service_accounts
from services.directory.tenancy import in_organization, insert_unique, one, page


@dataclass(frozen=True)
class Project:
    id: str
    organization: str
    project_id: str
    created_at_micros: int


class ProjectRepository(Protocol):
    async def add(self, session: AsyncSession, project: Project) -> None: ...
    async def get(self, session: AsyncSession, organization: str, project_id: str) -> Project | None: ...
    async def list(
        self, session: AsyncSession, organization: str, size: int, token: str
    ) -> tuple[list[Project], str]: ...
    async def has_service_accounts(self, session: AsyncSession, organization: str, project_id: str) -> bool: ...
    async def delete(self, session: AsyncSession, organization: str, project_id: str) -> bool: ...


class SqlProjectRepository:
    async def add(self, session: AsyncSession, project: Project) -> None:
        await insert_unique(
            session,
            projects,
            {
                "id": project.id,
                "organization": project.organization,
                "project_id": project.project_id,
                "created_at": project.created_at_micros,
            },
            AlreadyExists(f"project {project.project_id!r} already exists", field="project.project_id"),
        )

    async def get(self, session: AsyncSession, organization: str, project_id: str) -> Project | None:
        row = await one(session, projects, organization, projects.c.project_id == project_id)
        return _project(row) if row else None

    async def list(self, session: AsyncSession, organization: str, size: int, token: str) -> tuple[list[Project], str]:
        rows, next_token = await page(session, projects, organization, (), size, token)
        return [_project(r) for r in rows], next_token

    async def has_service_accounts(self, session: AsyncSession, organization: str, project_id: str) -> bool:
        query = select(service_accounts.c.id).where(
            in_organization(service_accounts, organization), service_accounts.c.project_id == project_id
        )
        return (await session.execute(query.limit(1))).first() is not None

    async def delete(self, session: AsyncSession, organization: str, project_id: str) -> bool:
        result = await session.execute(
            delete(projects).where(in_organization(projects, organization), projects.c.project_id == project_id)
        )
        return result.rowcount == 1


def _project(row) -> Project:
    return Project(row["id"], row["organization"], row["project_id"], row["created_at"])
