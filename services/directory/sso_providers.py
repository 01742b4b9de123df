"""Organization SSO providers (spec 001's provider blocks, kept per organization): the domain object,
its storage contract and its SQL implementation.

The client secret is stored sealed (AES-GCM, bound to `{org}:{slug}`, see prism.runtime.sealing)
beside the id of the key that sealed it; this module never sees it in the clear. Email patterns
route people from the sign-in page to a provider, so a pattern belongs to one provider across all
organizations: `claimed()` is the one query here that reads across tenants, and it answers only
which of the given patterns are taken, never by whom.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from sqlalchemy import delete, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from prism.runtime.errors import AlreadyExists
from services.directory.tables import sso_providers
from services.directory.tenancy import in_organization, insert_unique, one, page

# arbitrary constant: the PostgreSQL advisory lock that serializes changes to email patterns
PATTERNS_LOCK = 0x5350_5041  # "SSPA"


@dataclass(frozen=True)
class SamlSettings:
    """A SAML provider's IdP and SP settings (all public: the IdP's certificates vouch, nothing is secret)."""

    entry_point: str  # the IdP's SingleSignOnService, HTTP-Redirect binding
    idp_certificates: tuple[str, ...]  # PEM
    idp_entity_id: str  # "" -> not checked (the certificate vouches)
    sp_entity_id: str  # "" -> the audience, else the SP metadata URL
    audience: str  # "" -> the SP entity id


@dataclass(frozen=True)
class SsoProvider:
    organization: str
    slug: str
    type: str  # "oidc" | "saml"
    label: str
    icon: str
    email_patterns: tuple[str, ...]
    client_id: str
    sealed_secret: bytes | None
    key_id: str | None  # of the key that sealed `sealed_secret`
    authorization_endpoint: str
    token_endpoint: str
    jwks_uri: str
    scopes: str
    issuer: str
    attributes_mapping: dict[str, str] = field(default_factory=dict)  # firstName|lastName|email -> claim
    created_at_micros: int = 0
    saml: SamlSettings | None = None  # type saml only

    @property
    def name(self) -> str:
        return f"organizations/{self.organization}/ssoProviders/{self.slug}"


class SsoProviderRepository(Protocol):
    async def add(self, session: AsyncSession, provider: SsoProvider) -> None: ...
    async def get(self, session: AsyncSession, organization: str, slug: str) -> SsoProvider | None: ...
    async def list(
        self, session: AsyncSession, organization: str, size: int, token: str
    ) -> tuple[list[SsoProvider], str]: ...
    async def all_of(self, session: AsyncSession, organization: str) -> list[SsoProvider]: ...
    async def save(self, session: AsyncSession, provider: SsoProvider) -> None: ...
    async def delete(self, session: AsyncSession, organization: str, slug: str) -> bool: ...
    async def claimed(
        self, session: AsyncSession, patterns: tuple[str, ...], organization: str, slug: str
    ) -> list[str]: ...


class SqlSsoProviderRepository:
    async def add(self, session: AsyncSession, provider: SsoProvider) -> None:
        await insert_unique(
            session,
            sso_providers,
            _row(provider),
            AlreadyExists(
                f"SSO provider {provider.slug!r} already exists in this organization", field="sso_provider.slug"
            ),
        )

    async def get(self, session: AsyncSession, organization: str, slug: str) -> SsoProvider | None:
        row = await one(session, sso_providers, organization, sso_providers.c.slug == slug)
        return _provider(row) if row else None

    async def list(
        self, session: AsyncSession, organization: str, size: int, token: str
    ) -> tuple[list[SsoProvider], str]:
        rows, next_token = await page(session, sso_providers, organization, (), size, token, key_column="slug")
        return [_provider(r) for r in rows], next_token

    async def all_of(self, session: AsyncSession, organization: str) -> list[SsoProvider]:
        query = (
            select(sso_providers)
            .where(in_organization(sso_providers, organization))
            .order_by(sso_providers.c.created_at, sso_providers.c.slug)
        )
        return [_provider(r) for r in (await session.execute(query)).mappings()]

    async def save(self, session: AsyncSession, provider: SsoProvider) -> None:
        values = _row(provider)
        for key in ("organization", "slug", "created_at"):
            values.pop(key)
        await session.execute(
            update(sso_providers)
            .where(in_organization(sso_providers, provider.organization), sso_providers.c.slug == provider.slug)
            .values(**values)
        )

    async def delete(self, session: AsyncSession, organization: str, slug: str) -> bool:
        result = await session.execute(
            delete(sso_providers).where(in_organization(sso_providers, organization), sso_providers.c.slug == slug)
        )
        return result.rowcount == 1

    async def claimed(
        self, session: AsyncSession, patterns: tuple[str, ...], organization: str, slug: str
    ) -> list[str]:
        """Which of `patterns` a provider other than (organization, slug) has, in any organization.

        On PostgreSQL it first takes a transaction-scoped advisory lock, so that two transactions
        cannot both find a pattern free and both take it (SQLite has one writer at a time).
        """
        if not patterns:
            return []
        if session.get_bind().dialect.name == "postgresql":
            await session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": PATTERNS_LOCK})
        query = select(sso_providers.c.organization, sso_providers.c.slug, sso_providers.c.email_patterns)
        taken: set[str] = set()
        for row in (await session.execute(query)).mappings():
            if (row["organization"], row["slug"]) != (organization, slug):
                taken.update(row["email_patterns"] or ())
        return [p for p in patterns if p in taken]


def _row(provider: SsoProvider) -> dict:
    return {
        "organization": provider.organization,
        "slug": provider.slug,
        "type": provider.type,
        "label": provider.label,
        "icon": provider.icon,
        "email_patterns": list(provider.email_patterns),
        "client_id": provider.client_id,
        "client_secret": provider.sealed_secret,
        "key_id": provider.key_id,
        "authorization_endpoint": provider.authorization_endpoint,
        "token_endpoint": provider.token_endpoint,
        "jwks_uri": provider.jwks_uri,
        "scopes": provider.scopes,
        "issuer": provider.issuer,
        "attributes_mapping": dict(provider.attributes_mapping),
        "created_at": provider.created_at_micros,
        "saml": _saml_row(provider.saml),
    }


def _saml_row(saml: SamlSettings | None) -> dict | None:
    if saml is None:
        return None
    return {
        "entry_point": saml.entry_point,
        "idp_certificates": list(saml.idp_certificates),
        "idp_entity_id": saml.idp_entity_id,
        "sp_entity_id": saml.sp_entity_id,
        "audience": saml.audience,
    }


def _saml(value: dict | None) -> SamlSettings | None:
    if not value:
        return None
    return SamlSettings(
        entry_point=value.get("entry_point", ""),
        idp_certificates=tuple(value.get("idp_certificates") or ()),
        idp_entity_id=value.get("idp_entity_id", ""),
        sp_entity_id=value.get("sp_entity_id", ""),
        audience=value.get("audience", ""),
    )


def _provider(row) -> SsoProvider:
    return SsoProvider(
        organization=row["organization"],
        slug=row["slug"],
        type=row["type"],
        label=row["label"],
        icon=row["icon"],
        email_patterns=tuple(row["email_patterns"] or ()),
        client_id=row["client_id"],
        sealed_secret=row["client_secret"],
        key_id=row["key_id"],
        authorization_endpoint=row["authorization_endpoint"],
        token_endpoint=row["token_endpoint"],
        jwks_uri=row["jwks_uri"],
        scopes=row["scopes"],
        issuer=row["issuer"],
        attributes_mapping=dict(row["attributes_mapping"] or {}),
        created_at_micros=row["created_at"],
        saml=_saml(row["saml"]),
    )
