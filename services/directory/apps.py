"""OAuth apps (clients): the domain object, its validation, storage contract and SQL implementation."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field, replace
from typing import Protocol
from urllib.parse import urlsplit

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from prism.runtime.errors import InvalidArgument
from prism.runtime.scopes import DEFAULT_APP_SCOPES, DEFAULT_GRANT_TYPES, GRANT_TYPES, KNOWN_SCOPES, OIDC_FIELDS
from services.directory.tables import apps
from services.directory.tenancy import in_organization, one, page

CLIENT_TYPES = ("confidential", "public")
MAX_URIS = 20
MAX_LIFETIME = 365 * 86400


@dataclass(frozen=True)
class AppSettings:
    redirect_uris: tuple[str, ...] = ()
    allowed_scopes: tuple[str, ...] = DEFAULT_APP_SCOPES
    oidc_fields: tuple[str, ...] = ()
    grant_types: tuple[str, ...] = DEFAULT_GRANT_TYPES
    access_token_lifetime_seconds: int = 0
    refresh_token_lifetime_seconds: int = 0
    post_logout_redirect_uris: tuple[str, ...] = ()


@dataclass(frozen=True)
class App:
    client_id: str
    organization: str
    display_name: str
    description: str
    client_type: str
    secret_digest: str | None
    settings: AppSettings = field(default_factory=AppSettings)
    created_at_micros: int = 0
    updated_at_micros: int = 0
    owner: str = ""  # user id of who registered it


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def validated_uri(uri: str, field: str) -> str:
    """A redirect URI apps may register: https; http on loopback only; a private-use scheme (RFC 8252)."""
    parts = urlsplit(uri)
    problem = None
    if not parts.scheme:
        problem = "is not an absolute URI"
    elif parts.fragment or "#" in uri:
        problem = "must not have a fragment"
    elif "*" in uri:
        problem = "must not contain wildcards (redirect URIs are matched exactly)"
    elif parts.scheme == "http" and not _is_loopback(parts.hostname or ""):
        problem = "must use https (http only on localhost / 127.0.0.1)"
    elif parts.scheme in ("http", "https") and not parts.hostname:
        problem = "has no host"
    elif parts.scheme not in ("http", "https") and "." not in parts.scheme:
        problem = "must use https, or a reverse-domain private scheme such as com.example.app"
    if problem or len(uri) > 2048:
        raise InvalidArgument(f"redirect URI {uri!r} {problem or 'is too long'}", field=field)
    return uri


def validated_settings(settings: AppSettings, client_type: str, prefix: str = "app") -> AppSettings:
    if len(settings.redirect_uris) > MAX_URIS:
        raise InvalidArgument(f"at most {MAX_URIS} redirect URIs", field=f"{prefix}.redirect_uris")
    for uri in settings.redirect_uris:
        validated_uri(uri, f"{prefix}.redirect_uris")
    for uri in settings.post_logout_redirect_uris:
        validated_uri(uri, f"{prefix}.post_logout_redirect_uris")
    unknown = sorted(set(settings.allowed_scopes) - KNOWN_SCOPES)
    if unknown:
        raise InvalidArgument(f"unknown scope(s): {', '.join(unknown)}", field=f"{prefix}.allowed_scopes")
    fields = sorted(set(settings.oidc_fields) - OIDC_FIELDS.keys())
    if fields:
        raise InvalidArgument(
            f"unknown oidc_fields: {', '.join(fields)} (known: {', '.join(OIDC_FIELDS)})", field=f"{prefix}.oidc_fields"
        )
    grants = sorted(set(settings.grant_types) - set(GRANT_TYPES))
    if grants:
        raise InvalidArgument(f"unknown grant type(s): {', '.join(grants)}", field=f"{prefix}.grant_types")
    if client_type == "public" and "client_credentials" in settings.grant_types:
        raise InvalidArgument(
            "a public app cannot use client_credentials (it has no secret)", field=f"{prefix}.grant_types"
        )
    if "authorization_code" in settings.grant_types and not settings.redirect_uris:
        raise InvalidArgument(
            "the authorization_code grant needs at least one redirect URI", field=f"{prefix}.redirect_uris"
        )
    for name in ("access_token_lifetime_seconds", "refresh_token_lifetime_seconds"):
        if not 0 <= getattr(settings, name) <= MAX_LIFETIME:
            raise InvalidArgument(f"{name} must be 0 (the default) to {MAX_LIFETIME}", field=f"{prefix}.{name}")
    return replace(
        settings,
        redirect_uris=tuple(dict.fromkeys(settings.redirect_uris)),
        allowed_scopes=tuple(dict.fromkeys(settings.allowed_scopes)),
        grant_types=tuple(dict.fromkeys(settings.grant_types)),
    )


class AppRepository(Protocol):
    async def add(self, session: AsyncSession, app: App) -> None: ...
    async def get(self, session: AsyncSession, organization: str, client_id: str) -> App | None: ...
    async def list(self, session: AsyncSession, organization: str, size: int, token: str) -> tuple[list[App], str]: ...
    async def save(self, session: AsyncSession, app: App) -> None: ...
    async def delete(self, session: AsyncSession, organization: str, client_id: str) -> bool: ...
    async def owned_by(self, session: AsyncSession, organization: str, user_id: str) -> list[App]: ...


class SqlAppRepository:
    async def add(self, session: AsyncSession, app: App) -> None:
        await session.execute(apps.insert().values(**_row(app), created_at=app.created_at_micros))

    async def get(self, session: AsyncSession, organization: str, client_id: str) -> App | None:
        row = await one(session, apps, organization, apps.c.client_id == client_id)
        return _app(row) if row else None

    async def list(self, session: AsyncSession, organization: str, size: int, token: str) -> tuple[list[App], str]:
        rows, next_token = await page(session, apps, organization, (), size, token, key_column="client_id")
        return [_app(r) for r in rows], next_token

    async def save(self, session: AsyncSession, app: App) -> None:
        values = _row(app)
        values.pop("client_id")
        values.pop("organization")
        await session.execute(
            update(apps)
            .where(in_organization(apps, app.organization), apps.c.client_id == app.client_id)
            .values(**values)
        )

    async def delete(self, session: AsyncSession, organization: str, client_id: str) -> bool:
        result = await session.execute(
            delete(apps).where(in_organization(apps, organization), apps.c.client_id == client_id)
        )
        return result.rowcount == 1

    async def owned_by(self, session: AsyncSession, organization: str, user_id: str) -> list[App]:
        query = (
            select(apps)
            .where(in_organization(apps, organization), apps.c.owner == user_id)
            .order_by(apps.c.created_at)
            .limit(200)
        )
        return [_app(r) for r in (await session.execute(query)).mappings()]


def _row(app: App) -> dict:
    s = app.settings
    return {
        "client_id": app.client_id,
        "organization": app.organization,
        "display_name": app.display_name,
        "description": app.description,
        "client_type": app.client_type,
        "secret_digest": app.secret_digest,
        "updated_at": app.updated_at_micros,
        "owner": app.owner or None,
        "settings": {
            "redirect_uris": list(s.redirect_uris),
            "allowed_scopes": list(s.allowed_scopes),
            "oidc_fields": list(s.oidc_fields),
            "grant_types": list(s.grant_types),
            "access_token_lifetime_seconds": s.access_token_lifetime_seconds,
            "refresh_token_lifetime_seconds": s.refresh_token_lifetime_seconds,
            "post_logout_redirect_uris": list(s.post_logout_redirect_uris),
        },
    }


def _app(row) -> App:
    raw = row["settings"] or {}
    settings = AppSettings(
        redirect_uris=tuple(raw.get("redirect_uris", ())),
        allowed_scopes=tuple(raw.get("allowed_scopes", ())),
        oidc_fields=tuple(raw.get("oidc_fields", ())),
        grant_types=tuple(raw.get("grant_types", ())),
        access_token_lifetime_seconds=raw.get("access_token_lifetime_seconds", 0),
        refresh_token_lifetime_seconds=raw.get("refresh_token_lifetime_seconds", 0),
        post_logout_redirect_uris=tuple(raw.get("post_logout_redirect_uris", ())),
    )
    return App(
        row["client_id"],
        row["organization"],
        row["display_name"],
        row["description"],
        row["client_type"],
        row["secret_digest"],
        settings,
        row["created_at"],
        row["updated_at"],
        row["owner"] or "",
    )
