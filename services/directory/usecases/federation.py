"""OpenID trust configurations of projects and assumption methods of service accounts (spec 000, 3 and 5)."""

from __future__ import annotations

import secrets
import uuid
from urllib.parse import urlsplit

from prism.runtime import clock
from prism.runtime.errors import FailedPrecondition, InvalidArgument
from prism.runtime.resource_names import parse, validate_id
from services.directory.federation import (
    MATCH_TYPES,
    AssumptionMethod,
    ClaimRule,
    FederationRepository,
    OpenIdConfiguration,
)
from services.directory.projects import ProjectRepository
from services.directory.service_accounts import ServiceAccount, ServiceAccountRepository
from services.directory.tenancy import not_found, tenant
from services.directory.usecases.base import UseCases

PROJECT = "organizations/{org}/projects/{project}"
CONFIGURATION = "organizations/{org}/projects/{project}/openidConfigurations/{configuration}"
ACCOUNT = "organizations/{org}/projects/{project}/serviceAccounts/{sa}"
METHOD = "organizations/{org}/projects/{project}/serviceAccounts/{sa}/assumptionMethods/{method}"
MAX_RULES = 20
MAX_AGE_LIMIT = 365 * 86400


def _url(value: str, field: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("https", "http") or not parts.hostname or len(value) > 2048:
        raise InvalidArgument(f"{field} must be an absolute https URL, got {value!r}", field=field)
    return value


class FederationUseCases(UseCases):
    def __init__(
        self,
        transactions,
        repository: FederationRepository,
        projects: ProjectRepository,
        accounts: ServiceAccountRepository,
        identity_domain: str,
    ) -> None:
        super().__init__(transactions)
        self.repository = repository
        self.projects = projects
        self.accounts = accounts
        self.identity_domain = identity_domain

    async def create_configuration(self, parent: str, c) -> OpenIdConfiguration:
        parts = parse(PROJECT, parent, field="parent")
        org = tenant(parts["org"])
        field = "openid_configuration"
        validate_id(c.configuration_id, field=f"{field}.configuration_id", what="configuration id")
        if not c.issuer or len(c.issuer) > 2048 or any(ch.isspace() for ch in c.issuer):
            raise InvalidArgument("issuer is required: the exact `iss` of the tokens to trust", field=f"{field}.issuer")
        if not c.jwks_url:
            raise InvalidArgument("jwks_url is required", field=f"{field}.jwks_url")
        _url(c.jwks_url, f"{field}.jwks_url")
        if not 0 <= c.max_assertion_age_seconds <= MAX_AGE_LIMIT:
            raise InvalidArgument(
                f"max_assertion_age_seconds must be 0 to {MAX_AGE_LIMIT}", field=f"{field}.max_assertion_age_seconds"
            )
        configuration = OpenIdConfiguration(
            str(uuid.uuid4()),
            org,
            parts["project"],
            c.configuration_id,
            c.issuer,
            c.jwks_url,
            c.audience,
            c.single_use_jti,
            c.max_assertion_age_seconds,
            clock.now_micros(),
        )
        async with self.transactions.begin() as uow:
            if await self.projects.get(uow.session, org, parts["project"]) is None:
                raise not_found("project", parts["project"], field="parent")
            await self.repository.add_configuration(uow.session, configuration)
            await self.audit(
                uow,
                "directory.openid_configuration.created",
                org,
                f"{parent}/openidConfigurations/{c.configuration_id}",
                issuer=c.issuer,
                jwks_url=c.jwks_url,
            )
        return configuration

    async def get_configuration(self, name: str) -> OpenIdConfiguration:
        parts = parse(CONFIGURATION, name, field="name")
        org = tenant(parts["org"])
        async with self.transactions.begin() as uow:
            found = await self.repository.configuration(uow.session, org, parts["project"], parts["configuration"])
        if found is None:
            raise not_found("OpenID configuration", parts["configuration"])
        return found

    async def list_configurations(self, parent: str, size: int, token: str) -> tuple[list[OpenIdConfiguration], str]:
        parts = parse(PROJECT, parent, field="parent")
        org = tenant(parts["org"])
        async with self.transactions.begin() as uow:
            return await self.repository.configurations(uow.session, org, parts["project"], size, token)

    async def delete_configuration(self, name: str) -> None:
        parts = parse(CONFIGURATION, name, field="name")
        org = tenant(parts["org"])
        async with self.transactions.begin() as uow:
            if await self.repository.configuration_in_use(uow.session, org, parts["project"], parts["configuration"]):
                raise FailedPrecondition(
                    "assumption methods still use this configuration; remove them first", field="name"
                )
            if not await self.repository.delete_configuration(
                uow.session, org, parts["project"], parts["configuration"]
            ):
                raise not_found("OpenID configuration", parts["configuration"])
            await self.audit(uow, "directory.openid_configuration.deleted", org, name)

    async def create_method(self, parent: str, configuration_id: str, rules: list[ClaimRule]) -> AssumptionMethod:
        parts = parse(ACCOUNT, parent, field="parent")
        org = tenant(parts["org"])
        field = "assumption_method"
        if not configuration_id:
            raise InvalidArgument("configuration is required", field=f"{field}.configuration")
        if not rules:
            raise InvalidArgument(
                "at least one claim rule is required (an empty rule set would trust every token of the issuer)",
                field=f"{field}.rules",
            )
        if len(rules) > MAX_RULES:
            raise InvalidArgument(f"at most {MAX_RULES} rules", field=f"{field}.rules")
        for index, rule in enumerate(rules):
            where = f"{field}.rules[{index}]"
            if not rule.claim or len(rule.claim) > 128:
                raise InvalidArgument("each rule names a claim", field=f"{where}.claim")
            if rule.match not in MATCH_TYPES:
                raise InvalidArgument("each rule is exact or glob", field=f"{where}.match")
            if not rule.value or len(rule.value) > 2048:
                raise InvalidArgument("each rule has a value", field=f"{where}.value")
        method = AssumptionMethod(
            secrets.token_hex(8), org, parts["project"], parts["sa"], configuration_id, tuple(rules), clock.now_micros()
        )
        async with self.transactions.begin() as uow:
            if await self.accounts.get(uow.session, org, parts["project"], parts["sa"]) is None:
                raise not_found("service account", parts["sa"], field="parent")
            if await self.repository.configuration(uow.session, org, parts["project"], configuration_id) is None:
                raise not_found("OpenID configuration", configuration_id, field=f"{field}.configuration")
            await self.repository.add_method(uow.session, method)
            await self.audit(
                uow,
                "directory.assumption_method.created",
                org,
                f"{parent}/assumptionMethods/{method.id}",
                configuration=configuration_id,
                rules=[f"{r.claim}:{r.match}:{r.value}" for r in rules],
            )
        return method

    async def list_methods(self, parent: str, size: int, token: str) -> tuple[list[AssumptionMethod], str]:
        parts = parse(ACCOUNT, parent, field="parent")
        org = tenant(parts["org"])
        async with self.transactions.begin() as uow:
            if await self.accounts.get(uow.session, org, parts["project"], parts["sa"]) is None:
                raise not_found("service account", parts["sa"], field="parent")
            return await self.repository.methods(uow.session, org, parts["project"], parts["sa"], size, token)

    async def delete_method(self, name: str) -> None:
        parts = parse(METHOD, name, field="name")
        org = tenant(parts["org"])
        async with self.transactions.begin() as uow:
            if not await self.repository.delete_method(
                uow.session, org, parts["project"], parts["sa"], parts["method"]
            ):
                raise not_found("assumption method", parts["method"])
            await self.audit(uow, "directory.assumption_method.deleted", org, name)

    async def policy(self, organization: str, canonical: str) -> tuple[ServiceAccount | None, list]:
        """The service account a canonical name designates, with its methods and their configurations."""
        suffix = f".{self.identity_domain}"
        account_id, _, rest = canonical.partition("@service-accounts.")
        if not rest.endswith(suffix) or not account_id:
            return None, []
        project = rest[: -len(suffix)]
        async with self.transactions.begin() as uow:
            account = await self.accounts.get(uow.session, organization, project, account_id)
            if account is None:
                return None, []
            entries = []
            for method in await self.repository.all_methods(uow.session, organization, project, account_id):
                configuration = await self.repository.configuration(
                    uow.session, organization, project, method.configuration_id
                )
                if configuration is not None:
                    entries.append((method, configuration))
        return account, entries
