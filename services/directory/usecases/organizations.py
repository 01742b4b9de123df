"""Organizations: created with their first admin, read by their members."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from prism.runtime import clock, pagination, passwords
from prism.runtime.audit import AuditEvent
from prism.runtime.caller import current_caller
from prism.runtime.errors import InvalidArgument, NotFound, PermissionDenied
from prism.runtime.service_app import Transactions
from services.directory.organizations import (
    Organization,
    OrganizationRepository,
    slugify,
    validated_display_name,
)
from services.directory.users import User, UserRepository, validated_username


@dataclass(frozen=True)
class Page:
    organizations: list[Organization]
    next_page_token: str


@dataclass(frozen=True)
class SignupPolicy:
    mode: str  # "open" or "admin"
    platform_organization: str | None


class OrganizationUseCases:
    def __init__(
        self,
        transactions: Transactions,
        repository: OrganizationRepository,
        users: UserRepository,
        signup: SignupPolicy,
    ) -> None:
        self.transactions = transactions
        self.repository = repository
        self.users = users
        self.signup = signup

    async def create(self, display_name: str, admin_username: str, admin_password: str) -> tuple[Organization, User]:
        name = validated_display_name(display_name, "organization.display_name")
        username = validated_username(admin_username, "admin_username")
        if not admin_password:
            raise InvalidArgument("admin_password is required", field="admin_password")
        passwords.check_policy(admin_password, field="admin_password")
        slug = slugify(name)
        await self._may_create(slug)
        now = clock.now_micros()
        organization = Organization(id=str(uuid.uuid4()), slug=slug, display_name=name, created_at_micros=now)
        admin = User(
            id=str(uuid.uuid4()),
            organization=slug,
            username=username,
            email="",
            display_name=username,
            role="admin",
            kind="local",
            password_hash=passwords.hash_password(admin_password),
            created_at_micros=now,
        )
        async with self.transactions.begin() as uow:
            await self.repository.add(uow.session, organization)
            await self.users.add(uow.session, admin)
            actor = current_caller().actor
            await uow.audit(
                AuditEvent(
                    action="directory.organization.created",
                    target=f"organizations/{slug}",
                    actor=actor,
                    organization=slug,
                    details={"display_name": organization.display_name},
                )
            )
            await uow.audit(
                AuditEvent(
                    action="directory.user.created",
                    target=f"organizations/{slug}/users/{admin.id}",
                    actor=actor,
                    organization=slug,
                    details={"username": username, "role": "admin"},
                )
            )
        return organization, admin

    async def _may_create(self, slug: str) -> None:
        if self.signup.mode == "open" or current_caller().is_system or current_caller().platform_admin:
            return
        platform = self.signup.platform_organization
        if platform and slug == platform:  # bootstrap: the platform organization itself, once
            async with self.transactions.begin() as uow:
                if await self.repository.get_by_slug(uow.session, platform) is None:
                    return
        raise PermissionDenied(
            "only platform admins may create organizations here (PRISM_ORG_SIGNUP=admin)", reason="SIGNUP_RESTRICTED"
        )

    async def get(self, slug: str) -> Organization:
        async with self.transactions.begin() as uow:
            organization = await self.repository.get_by_slug(uow.session, slug)
        if organization is None:
            raise NotFound(f"organization {slug!r} does not exist", field="name")
        return organization

    async def list(self, page_size: int, page_token: str) -> Page:
        caller = current_caller()
        if not (caller.is_system or caller.platform_admin):  # everyone else sees their own organization
            if caller.organization is None:
                return Page([], "")
            return Page([await self.get(caller.organization)], "")
        limit = pagination.page_size(page_size)
        cursor = pagination.decode(page_token, keys=("t", "id"))
        after = (cursor["t"], cursor["id"]) if cursor else None
        async with self.transactions.begin() as uow:
            found = await self.repository.list_after(uow.session, after, limit + 1)
        page = found[:limit]
        token = pagination.encode({"t": page[-1].created_at_micros, "id": page[-1].id}) if len(found) > limit else ""
        return Page(page, token)
