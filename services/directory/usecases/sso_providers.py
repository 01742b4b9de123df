"""Organization SSO providers: added, changed and removed by the organization's admins; read with
their client secrets by the token service alone (GetSsoProviderSecrets, system callers only).
A provider is OpenID Connect (`oidc`, checked here) or SAML 2.0 (`saml`, checked in sso_saml.py).

The client secret is write only: sealed at rest under PRISM_DIRECTORY_ENCRYPTION_KEY, shown to
nobody by the public methods (they say only whether it is set), and never put in audit events.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from urllib.parse import urlsplit

from prism.runtime import clock
from prism.runtime.caller import current_caller
from prism.runtime.errors import AlreadyExists, InvalidArgument, PermissionDenied
from prism.runtime.resource_names import SLUG_PATTERN, parse
from prism.runtime.saml_config import DEFAULT_SAML_MAPPING
from prism.runtime.sealing import Sealer
from prism.runtime.update_mask import check_update_mask
from services.directory.sso_providers import SsoProvider, SsoProviderRepository
from services.directory.tenancy import not_found, tenant
from services.directory.usecases.base import UseCases
from services.directory.usecases.sso_saml import OIDC_FIELDS, SAML_FIELDS, SamlDraft, refuse_other_type, validated_saml
from services.directory.usecases.users import RESERVED_PROVIDER
from services.directory.users import LOCAL_PROVIDER

SSO_PROVIDER = "organizations/{org}/ssoProviders/{slug}"
PROVIDER_SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]{0,62}$")
TYPES = ("oidc", "saml")
DEFAULT_SCOPES = "openid email"
DEFAULT_MAPPING = {"email": "email", "firstName": "given_name", "lastName": "family_name"}
MAX_PATTERNS = 20
MAX_URL = 2048
MAX_SECRET = 4096
# the part before `@`: RFC 5322 atext with `*` as wildcard, but not `?` (a wildcard of the matcher)
PATTERN_LOCAL = re.compile(r"^[a-z0-9.!#$%&'*+/=^_`{|}~-]{1,64}$")
DOMAIN_LABEL = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")
# what UpdateSsoProvider may change (the slug and type are fixed once created)
UPDATABLE = (
    "label",
    "icon",
    "email_patterns",
    "client_id",
    "client_secret",
    "authorization_endpoint",
    "token_endpoint",
    "jwks_uri",
    "scopes",
    "issuer",
    "attributes_mapping",
    *SAML_FIELDS,
)


@dataclass(frozen=True)
class SsoProviderDraft(SamlDraft):
    """The fields a Create or Update request carries, not yet validated (the SAML ones from SamlDraft)."""

    slug: str = ""
    type: str = ""
    label: str = ""
    icon: str = ""
    email_patterns: tuple[str, ...] = ()
    client_id: str = ""
    client_secret: str = ""
    authorization_endpoint: str = ""
    token_endpoint: str = ""
    jwks_uri: str = ""
    scopes: str = ""
    issuer: str = ""
    attributes_mapping: tuple[tuple[str, str], ...] = ()


def _field(name: str) -> str:
    return f"sso_provider.{name}"


def validated_slug(slug: str) -> str:
    if not slug:
        raise InvalidArgument("slug is required", field=_field("slug"))
    if slug == LOCAL_PROVIDER:
        raise InvalidArgument(RESERVED_PROVIDER, field=_field("slug"))
    if not PROVIDER_SLUG.match(slug):
        raise InvalidArgument(
            f"slug {slug!r} is not valid: use 1 to 63 lowercase letters, digits, - or _, starting with a letter "
            "or digit (it is used in URLs)",
            field=_field("slug"),
        )
    return slug


def validated_type(kind: str) -> str:
    kind = kind or "oidc"
    if kind not in TYPES:
        raise InvalidArgument(f"type must be oidc or saml, not {kind!r}", field=_field("type"))
    return kind


def validated_url(value: str, name: str, *, required: bool) -> str:
    value = value.strip()
    if not value:
        if required:
            raise InvalidArgument(f"{name} is required (an http(s) URL)", field=_field(name))
        return ""
    parts = urlsplit(value)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise InvalidArgument(f"{name} must be an http(s) URL with a host, got {value!r}", field=_field(name))
    if len(value) > MAX_URL:
        raise InvalidArgument(f"{name} is longer than {MAX_URL} characters", field=_field(name))
    return value


def validated_text(value: str, name: str, limit: int) -> str:
    value = value.strip()
    if not value:
        raise InvalidArgument(f"{name} is required", field=_field(name))
    if len(value) > limit:
        raise InvalidArgument(f"{name} is longer than {limit} characters", field=_field(name))
    return value


def validated_scopes(scopes: str) -> str:
    words = scopes.split() or DEFAULT_SCOPES.split()
    if "openid" not in words:
        raise InvalidArgument(
            f"scopes must include openid (it is an OpenID Connect provider), got {scopes!r}", field=_field("scopes")
        )
    joined = " ".join(dict.fromkeys(words))
    if len(joined) > 400:
        raise InvalidArgument("scopes are longer than 400 characters", field=_field("scopes"))
    return joined


def validated_mapping(pairs: tuple[tuple[str, str], ...], kind: str = "oidc") -> dict[str, str]:
    """The mapping given, completed with the defaults of the type (OIDC claims, or spec 001's SAML claim types)."""
    defaults = DEFAULT_SAML_MAPPING if kind == "saml" else DEFAULT_MAPPING
    mapping = dict(pairs)
    unknown = sorted(set(mapping) - set(defaults))
    if unknown:
        raise InvalidArgument(
            f"attributes_mapping maps only firstName, lastName and email to claim names, not {', '.join(unknown)}",
            field=_field("attributes_mapping"),
        )
    empty = sorted(k for k, v in mapping.items() if not v.strip() or len(v) > 200)
    if empty:
        raise InvalidArgument(
            f"attributes_mapping needs a claim name (1 to 200 characters) for {', '.join(empty)}",
            field=_field("attributes_mapping"),
        )
    return {**defaults, **{k: v.strip() for k, v in mapping.items()}}


def validated_pattern(pattern: str) -> str:
    value = pattern.strip().lower()
    problem = ""
    if value.count("@") != 1:
        problem = "must contain exactly one @"
    else:
        local, domain = value.split("@")
        labels = (domain[2:] if domain.startswith("*.") else domain).split(".")
        if not PATTERN_LOCAL.match(local):
            problem = "has an invalid part before @ (use * for any address)"
        elif len(labels) < 2 or len(domain) > 253 or not all(DOMAIN_LABEL.match(label) for label in labels):
            problem = "must end with a domain such as acme.com, or *.acme.com for its subdomains"
    if problem:
        raise InvalidArgument(
            f"email pattern {pattern!r} {problem} (examples: *@acme.com, *@*.acme.com)",
            field=_field("email_patterns"),
        )
    return value


def validated_patterns(patterns: tuple[str, ...]) -> tuple[str, ...]:
    if len(patterns) > MAX_PATTERNS:
        raise InvalidArgument(f"at most {MAX_PATTERNS} email patterns", field=_field("email_patterns"))
    return tuple(dict.fromkeys(validated_pattern(p) for p in patterns))


def validated_label(label: str, slug: str) -> str:
    label = label.strip() or slug
    if len(label) > 200:
        raise InvalidArgument("label is longer than 200 characters", field=_field("label"))
    return label


def validated_secret(secret: str) -> str:
    if not secret:
        raise InvalidArgument(
            "client_secret is required (the provider's OAuth client secret)", field=_field("client_secret")
        )
    if len(secret) > MAX_SECRET:
        raise InvalidArgument(f"client_secret is longer than {MAX_SECRET} characters", field=_field("client_secret"))
    return secret


class SsoProviderUseCases(UseCases):
    def __init__(self, transactions, repository: SsoProviderRepository, sealer: Sealer) -> None:
        super().__init__(transactions)
        self.repository = repository
        self.sealer = sealer

    async def create(self, parent: str, draft: SsoProviderDraft) -> SsoProvider:
        org = tenant(parse("organizations/{org}", parent, field="parent")["org"])
        slug, kind = validated_slug(draft.slug), validated_type(draft.type)
        provider = self._saml(org, slug, draft) if kind == "saml" else self._oidc(org, slug, draft)
        async with self.transactions.begin() as uow:
            await self._check_patterns(uow.session, provider)
            await self.repository.add(uow.session, provider)
            await self.audit(
                uow,
                "directory.sso_provider.created",
                org,
                provider.name,
                type=provider.type,
                client_id=provider.client_id,
                email_patterns=list(provider.email_patterns),
            )
        return provider

    def _oidc(self, org: str, slug: str, draft: SsoProviderDraft) -> SsoProvider:
        refuse_other_type("oidc", [name for name in SAML_FIELDS if getattr(draft, name)])
        secret = validated_secret(draft.client_secret)
        return SsoProvider(
            organization=org,
            slug=slug,
            type="oidc",
            label=validated_label(draft.label, slug),
            icon=validated_url(draft.icon, "icon", required=False),
            email_patterns=validated_patterns(draft.email_patterns),
            client_id=validated_text(draft.client_id, "client_id", 400),
            sealed_secret=self._seal(org, slug, secret),
            key_id=self.sealer.key_id,
            authorization_endpoint=validated_url(draft.authorization_endpoint, "authorization_endpoint", required=True),
            token_endpoint=validated_url(draft.token_endpoint, "token_endpoint", required=True),
            jwks_uri=validated_url(draft.jwks_uri, "jwks_uri", required=True),
            scopes=validated_scopes(draft.scopes),
            issuer=validated_url(draft.issuer, "issuer", required=False),
            attributes_mapping=validated_mapping(draft.attributes_mapping),
            created_at_micros=clock.now_micros(),
        )

    def _saml(self, org: str, slug: str, draft: SsoProviderDraft) -> SsoProvider:
        refuse_other_type("saml", [name for name in OIDC_FIELDS if getattr(draft, name)])
        return SsoProvider(
            organization=org,
            slug=slug,
            type="saml",
            label=validated_label(draft.label, slug),
            icon=validated_url(draft.icon, "icon", required=False),
            email_patterns=validated_patterns(draft.email_patterns),
            client_id="",
            sealed_secret=None,
            key_id=None,
            authorization_endpoint="",
            token_endpoint="",
            jwks_uri="",
            scopes="",
            issuer="",
            attributes_mapping=validated_mapping(draft.attributes_mapping, "saml"),
            created_at_micros=clock.now_micros(),
            saml=validated_saml(draft),
        )

    async def get(self, name: str) -> SsoProvider:
        parts = parse(SSO_PROVIDER, name, field="name")
        org = tenant(parts["org"])
        async with self.transactions.begin() as uow:
            provider = await self.repository.get(uow.session, org, parts["slug"])
        if provider is None:
            raise not_found("SSO provider", parts["slug"])
        return provider

    async def list(self, parent: str, size: int, token: str) -> tuple[list[SsoProvider], str]:
        org = tenant(parse("organizations/{org}", parent, field="parent")["org"])
        async with self.transactions.begin() as uow:
            return await self.repository.list(uow.session, org, size, token)

    async def update(self, name: str, paths: list[str], draft: SsoProviderDraft) -> SsoProvider:
        parts = parse(SSO_PROVIDER, name, field="sso_provider.name")
        org = tenant(parts["org"])
        check_update_mask(paths, UPDATABLE)
        async with self.transactions.begin() as uow:
            current = await self.repository.get(uow.session, org, parts["slug"])
            if current is None:
                raise not_found("SSO provider", parts["slug"], field="sso_provider.name")
            updated = replace(current, **self._changes(current, set(paths), draft))
            if "email_patterns" in paths:
                await self._check_patterns(uow.session, updated)
            await self.repository.save(uow.session, updated)
            await self.audit(uow, "directory.sso_provider.updated", org, updated.name, fields=sorted(set(paths)))
        return updated

    async def delete(self, name: str) -> None:
        parts = parse(SSO_PROVIDER, name, field="name")
        org = tenant(parts["org"])
        async with self.transactions.begin() as uow:
            if not await self.repository.delete(uow.session, org, parts["slug"]):
                raise not_found("SSO provider", parts["slug"])
            await self.audit(uow, "directory.sso_provider.deleted", org, name)

    async def with_secrets(self, organization: str) -> list[tuple[SsoProvider, str]]:
        """Every provider of the organization with its client secret in the clear (system callers only)."""
        if not current_caller().is_system:
            raise PermissionDenied("only Prism's own services may read SSO client secrets")
        if not SLUG_PATTERN.match(organization or ""):
            raise InvalidArgument(
                f"organization must be an organization slug, got {organization!r}", field="organization"
            )
        async with self.transactions.begin() as uow:
            providers = await self.repository.all_of(uow.session, organization)
        return [(p, self._open(p)) for p in providers]

    def _changes(self, current: SsoProvider, paths: set[str], draft: SsoProviderDraft) -> dict:
        org, slug = current.organization, current.slug
        other = SAML_FIELDS if current.type != "saml" else OIDC_FIELDS
        refuse_other_type(current.type, [name for name in other if name in paths])
        changes: dict = {}
        if current.type == "saml" and paths & set(SAML_FIELDS):
            changes["saml"] = validated_saml(draft, current.saml, paths)
        if "label" in paths:
            changes["label"] = validated_label(draft.label, slug)
        if "icon" in paths:
            changes["icon"] = validated_url(draft.icon, "icon", required=False)
        if "email_patterns" in paths:
            changes["email_patterns"] = validated_patterns(draft.email_patterns)
        if "client_id" in paths:
            changes["client_id"] = validated_text(draft.client_id, "client_id", 400)
        if "client_secret" in paths:
            changes["sealed_secret"] = self._seal(org, slug, validated_secret(draft.client_secret))
            changes["key_id"] = self.sealer.key_id
        for name in ("authorization_endpoint", "token_endpoint", "jwks_uri"):
            if name in paths:
                changes[name] = validated_url(getattr(draft, name), name, required=True)
        if "issuer" in paths:
            changes["issuer"] = validated_url(draft.issuer, "issuer", required=False)
        if "scopes" in paths:
            changes["scopes"] = validated_scopes(draft.scopes)
        if "attributes_mapping" in paths:
            changes["attributes_mapping"] = validated_mapping(draft.attributes_mapping, current.type)
        return changes

    async def _check_patterns(self, session, provider: SsoProvider) -> None:
        taken = await self.repository.claimed(session, provider.email_patterns, provider.organization, provider.slug)
        if taken:
            raise AlreadyExists(
                f"the email pattern {taken[0]!r} is already used by another SSO provider; a pattern may send "
                "people to one provider only (ask Prism's operators if your organization owns this domain)",
                field=_field("email_patterns"),
            )

    def _seal(self, org: str, slug: str, secret: str) -> bytes:
        return self.sealer.seal(secret.encode(), context=f"{org}:{slug}")

    def _open(self, provider: SsoProvider) -> str:
        if provider.sealed_secret is None:
            return ""
        context = f"{provider.organization}:{provider.slug}"
        return self.sealer.open(provider.sealed_secret, context=context, key_id=provider.key_id or "").decode()
