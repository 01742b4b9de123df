"""Directory use cases: the logic, owning the transaction; storage through repositories."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from prism.runtime import clock, pagination
from prism.runtime.audit import AuditEvent
from prism.runtime.caller import current_caller
from prism.runtime.errors import NotFound
from prism.runtime.service_app import Transactions
from services.directory.organizations import (
    Organization,
    OrganizationRepository,
    slugify,
    validated_display_name,
)


@dataclass(frozen=True)
class Page:
    organizations: list[Organization]
    next_page_token: str


class OrganizationUseCases:
    def __init__(self, transactions: Transactions, repository: OrganizationRepository) -> None:
        self.transactions = transactions
        self.repository = repository

    async def create(self, display_name: str) -> Organization:
        name = validated_display_name(display_name, "organization.display_name")
        organization = Organization(
            id=str(uuid.uuid4()), slug=slugify(name), display_name=name, created_at_micros=clock.now_micros()
        )
        async with self.transactions.begin() as uow:
            await self.repository.add(uow.session, organization)
            await uow.audit(
                AuditEvent(
                    action="directory.organization.created",
                    target=f"organizations/{organization.slug}",
                    actor=current_caller().actor,
                    organization=organization.slug,
                    details={"display_name": organization.display_name},
                )
            )
        return organization

    async def get(self, slug: str) -> Organization:
        async with self.transactions.begin() as uow:
            organization = await self.repository.get_by_slug(uow.session, slug)
        if organization is None:
            raise NotFound(f"organization {slug!r} does not exist", field="name")
        return organization

    async def list(self, page_size: int, page_token: str) -> Page:
        limit = pagination.page_size(page_size)
        cursor = pagination.decode(page_token, keys=("t", "id"))
        after = (cursor["t"], cursor["id"]) if cursor else None
        async with self.transactions.begin() as uow:
            found = await self.repository.list_after(uow.session, after, limit + 1)
        page = found[:limit]
        token = pagination.encode({"t": page[-1].created_at_micros, "id": page[-1].id}) if len(found) > limit else ""
        return Page(page, token)
