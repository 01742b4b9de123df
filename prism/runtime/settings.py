"""Settings shared by every component, read from the environment once.

Every default lives here (or in a component's own `settings.py` for what only it reads), with a
one-line comment. Components call `load(SettingsClass)`, which validates before any server binds
and warns loudly about defaults that are unsafe in production.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import ClassVar, Literal, TypeVar

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from prism.runtime.components import SERVICES, service

log = logging.getLogger("prism.settings")


def _default_data_dir() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "prism"


class PlatformSettings(BaseSettings):
    """What every process of the suite reads (PRISM_* variables)."""

    model_config = SettingsConfigDict(env_prefix="PRISM_", extra="ignore", frozen=True)

    # where the embedded default keeps SQLite files, generated secrets and pid files
    data_dir: Path = Field(default_factory=_default_data_dir)
    # one database URL for every component; each may override it with PRISM_<COMPONENT>_DATABASE_URL
    database_url: str | None = None
    # "development" allows the embedded defaults; "production" refuses the unsafe ones
    environment: Literal["development", "production"] = "development"
    # organizations' issuers are https://{slug}.{identity_domain}
    identity_domain: str = Field("id.prism.local", validation_alias="PRISM_IDENTITY_DOMAIN")
    # "host": issuer https://{slug}.{domain}; "path": {public_url}/api/v1/organizations/{slug}
    issuer_style: Literal["host", "path"] = "host"
    # the URL people and apps use to reach the gateway
    public_url: str = "http://127.0.0.1:8080"
    # internal gRPC addresses (host:port) that components dial to reach each other
    directory_address: str = "127.0.0.1:50051"
    keys_address: str = "127.0.0.1:50052"
    token_address: str = "127.0.0.1:50053"
    stepup_address: str = "127.0.0.1:50054"
    authz_address: str = "127.0.0.1:50055"
    webhooks_address: str = "127.0.0.1:50056"
    # lifetime cap of access tokens, in seconds; retired keys stay published this long
    access_tokens_max_age: int = Field(2592000, gt=0, validation_alias="ACCESS_TOKENS_MAX_AGE")
    # secret every component presents to the others; generated into the data dir if unset
    internal_secret: str | None = None
    # minimum level of log lines: debug, info, warning, error
    log_level: Literal["debug", "info", "warning", "error"] = "info"
    # "json" (one object per line, for machines), "text" (for people), "auto" (text on a terminal)
    log_format: Literal["json", "text", "auto"] = "auto"
    # organization served at the root (/.well-known/openid-configuration, /api/oauth/*, anonymous
    # sessions without an org); unset: none
    default_organization: str | None = Field(None, validation_alias="PRISM_DEFAULT_ORGANIZATION")
    # slug of the platform organization, whose admins are platform admins; unset means none
    platform_organization: str | None = Field(None, validation_alias="PRISM_PLATFORM_ORGANIZATION")
    # spec 001: refuse local (username/password) sign-in everywhere; only SSO providers remain
    disable_local_signin: bool = Field(False, validation_alias="DISABLE_LOCAL_SIGNIN")
    # spec 001: refuse local sign-up (the page, the API and local accounts from invitations)
    disable_local_signup: bool = Field(False, validation_alias="DISABLE_LOCAL_SIGNUP")
    # spec 001: every local (password) account must complete TOTP after its password
    mfa_force_local: bool = Field(True, validation_alias="MFA_FORCE_LOCAL")

    @field_validator("public_url")
    @classmethod
    def _strip_slash(cls, value: str) -> str:
        return value.rstrip("/")

    def address_of(self, component: str) -> str:
        service(component)  # KeyError for unknown names
        return getattr(self, f"{component}_address")

    def internal_secret_value(self) -> str:
        from prism.runtime.internal_auth import internal_secret

        return internal_secret(self.internal_secret, self.data_dir, self.environment)

    def sqlite_path(self, component: str) -> Path:
        return self.data_dir / f"{component}.sqlite3"


class ServiceSettings(PlatformSettings):
    """What one gRPC service process reads on top of the platform settings."""

    component: ClassVar[str]

    # address this process binds; defaults to its own PRISM_<COMPONENT>_ADDRESS
    listen_address: str | None = None
    # seconds in-flight RPCs get to finish after SIGTERM
    shutdown_grace_seconds: float = 5.0
    # apply pending migrations when the service starts (`prism migrate` does it on demand)
    migrate_on_start: bool = True
    # this component's own database URL; unset falls back to PRISM_DATABASE_URL, then SQLite
    component_database_url: str | None = None
    # PostgreSQL connections each process keeps open, and how many more it may open for a burst
    database_pool_size: int = Field(10, ge=1, le=500)
    database_max_overflow: int = Field(10, ge=0, le=500)

    def bind_address(self) -> str:
        return self.listen_address or self.address_of(self.component)

    def database_url_resolved(self) -> str:
        if self.component_database_url:
            return self.component_database_url
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.sqlite_path(self.component)}"


def component_database_field(component: str):
    """The `PRISM_<COMPONENT>_DATABASE_URL` override, declared once per component settings class."""
    return Field(None, validation_alias=f"PRISM_{component.upper()}_DATABASE_URL")


S = TypeVar("S", bound=BaseSettings)


class SettingsError(Exception):
    """Raised when the environment holds settings that cannot be used; the message says which."""


def load(settings_class: type[S]) -> S:
    try:
        settings = settings_class()
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            message = error["msg"].removeprefix("Value error, ")
            name = ".".join(str(part) for part in error["loc"])
            if not name:  # a rule about several variables names them itself
                problems.append(message)
                continue
            env = name if name.isupper() else f"PRISM_{name.upper()}"
            problems.append(f"{env}: {message}")
        raise SettingsError("invalid settings: " + "; ".join(problems)) from None
    if isinstance(settings, PlatformSettings):
        _warn_unsafe(settings)
    return settings


def _warn_unsafe(settings: PlatformSettings) -> None:
    if settings.environment == "production" and not settings.database_url:
        overridden = all(os.environ.get(f"PRISM_{c.name.upper()}_DATABASE_URL") for c in SERVICES if c.owns_data)
        if not overridden:
            log.warning(
                "PRISM_ENVIRONMENT=production but no PRISM_DATABASE_URL is set: "
                "components fall back to SQLite files, which do not support replicas"
            )
