"""Custom domains of a user: add, prove by DNS TXT, list, remove; and the verified-domain badge.

An app shows the badge when the user who registered it (its owner) has a verified domain that every
redirect URI host of the app equals or is a subdomain of. Apps without an owner (made by a service
account or the CLI's system caller) never show it.
"""

from __future__ import annotations

import secrets
import uuid
from dataclasses import replace
from urllib.parse import urlsplit

from prism.runtime import clock
from prism.runtime.resource_names import SLUG_PATTERN, parse
from services.directory.apps import AppRepository
from services.directory.dns_proof import TxtProof, covers, normalized_domain
from services.directory.domains import Domain, DomainRepository
from services.directory.tenancy import not_found, tenant
from services.directory.usecases.base import UseCases
from services.directory.users import UserRepository

USER = "organizations/{org}/users/{user}"
DOMAIN = "organizations/{org}/users/{user}/domains/{domain}"


class DomainUseCases(UseCases):
    def __init__(
        self, transactions, repository: DomainRepository, users: UserRepository, apps: AppRepository, proof: TxtProof
    ) -> None:
        super().__init__(transactions)
        self.repository = repository
        self.users = users
        self.apps = apps
        self.proof = proof

    async def create(self, parent: str, domain_name: str) -> Domain:
        parts = parse(USER, parent, field="parent")
        org = tenant(parts["org"])
        domain = Domain(
            str(uuid.uuid4()),
            org,
            parts["user"],
            normalized_domain(domain_name),
            secrets.token_urlsafe(24),
            clock.now_micros(),
        )
        async with self.transactions.begin() as uow:
            if await self.users.get(uow.session, org, parts["user"]) is None:
                raise not_found("user", parts["user"], field="parent")
            await self.repository.add(uow.session, domain)
            await self.audit(uow, "directory.domain.created", org, f"{parent}/domains/{domain.domain}")
        return domain

    async def get(self, name: str) -> Domain:
        org, user, domain_name = self._name(name)
        async with self.transactions.begin() as uow:
            domain = await self.repository.get(uow.session, org, user, domain_name)
        if domain is None:
            raise not_found("domain", domain_name)
        return domain

    async def list(self, parent: str, size: int, token: str) -> tuple[list[Domain], str]:
        parts = parse(USER, parent, field="parent")
        org = tenant(parts["org"])
        async with self.transactions.begin() as uow:
            return await self.repository.list(uow.session, org, parts["user"], size, token)

    async def verify(self, name: str) -> Domain:
        domain = await self.get(name)
        if domain.verified:
            return domain
        await self.proof.check(domain.domain, domain.token)  # outside the transaction: DNS may be slow
        now = clock.now_micros()
        async with self.transactions.begin() as uow:
            await self.repository.mark_verified(uow.session, domain, now)
            await self.audit(uow, "directory.domain.verified", domain.organization, name)
        return replace(domain, verified_at_micros=now)

    async def delete(self, name: str) -> None:
        org, user, domain_name = self._name(name)
        async with self.transactions.begin() as uow:
            if not await self.repository.delete(uow.session, org, user, domain_name):
                raise not_found("domain", domain_name)
            await self.audit(uow, "directory.domain.deleted", org, name)

    async def app_verified_domain(self, organization: str, client_id: str) -> str:
        """The owner's verified domain covering every redirect URI host of the app; "" when none does."""
        if not SLUG_PATTERN.match(organization or "") or not client_id:
            return ""
        async with self.transactions.begin() as uow:
            app = await self.apps.get(uow.session, organization, client_id)
            if app is None or not app.owner or not app.settings.redirect_uris:
                return ""
            owned = await self.repository.of_user(uow.session, organization, app.owner)
        hosts = [(urlsplit(uri).hostname or "") for uri in app.settings.redirect_uris]
        if not all(hosts):
            return ""
        covering = [d.domain for d in owned if d.verified and all(covers(d.domain, host) for host in hosts)]
        return max(covering, key=len) if covering else ""

    @staticmethod
    def _name(name: str) -> tuple[str, str, str]:
        parts = parse(DOMAIN, name, field="name")
        return tenant(parts["org"]), parts["user"], normalized_domain(parts["domain"], field="name")
