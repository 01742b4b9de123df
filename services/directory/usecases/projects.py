"""Projects: created, read, listed and deleted by the organization's admins."""

from __future__ import annotations

import uuid

from prism.runtime import clock
from prism.runtime.errors import FailedPrecondition
from prism.runtime.resource_names import parse, validate_id
from services.directory.projects import Project, ProjectRepository
from services.directory.tenancy import not_found, tenant
from services.directory.usecases.base import UseCases

PROJECT = "organizations/{org}/projects/{project}"


class ProjectUseCases(UseCases):
    def __init__(self, transactions, repository: ProjectRepository) -> None:
        super().__init__(transactions)
        self.repository = repository

    async def create(self, parent: str, project_id: str) -> Project:
        org = tenant(parse("organizations/{org}", parent, field="parent")["org"])
        validate_id(project_id, field="project.project_id", what="project id")
        project = Project(str(uuid.uuid4()), org, project_id, clock.now_micros())
        async with self.transactions.begin() as uow:
            await self.repository.add(uow.session, project)
            await self.audit(uow, "directory.project.created", org, f"organizations/{org}/projects/{project_id}")
        return project

    async def get(self, name: str) -> Project:
        parts = parse(PROJECT, name, field="name")
        org = tenant(parts["org"])
        async with self.transactions.begin() as uow:
            project = await self.repository.get(uow.session, org, parts["project"])
        if project is None:
            raise not_found("project", parts["project"])
        return project

    async def list(self, parent: str, size: int, token: str) -> tuple[list[Project], str]:
        org = tenant(parse("organizations/{org}", parent, field="parent")["org"])
        async with self.transactions.begin() as uow:
            return await self.repository.list(uow.session, org, size, token)

    async def delete(self, name: str) -> None:
        parts = parse(PROJECT, name, field="name")
        org = tenant(parts["org"])
        async with self.transactions.begin() as uow:
            if await self.repository.get(uow.session, org, parts["project"]) is None:
                raise not_found("project", parts["project"])
            if await self.repository.has_service_accounts(uow.session, org, parts["project"]):
                raise FailedPrecondition(
                    f"project {parts['project']!r} still has service accounts; delete them first", field="name"
                )
            await self.repository.delete(uow.session, org, parts["project"])
            await self.audit(uow, "directory.project.deleted", org, name)
