"""Site settings: platform admins read and change them; other use cases read `current()`.

The captcha secret is write only: it is stored, used by whoever verifies captchas, and shown to
nobody (the API says only whether it is set); audit events name the changed settings, never a value
of the secret.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from prism.directory.v1 import directory_pb2 as pb
from prism.runtime import clock
from prism.runtime.caller import current_caller
from prism.runtime.errors import InvalidArgument, PermissionDenied
from services.directory.site_settings import (
    CAPTCHA_PROVIDERS,
    SETTING_NAMES,
    SITE_SETTINGS_NAME,
    SiteSettings,
    SiteSettingsRepository,
    SqlSiteSettingsRepository,
)
from services.directory.usecases.base import UseCases

# inclusive bounds of the integer settings
RANGES = {"sudo_mode_ttl_minutes": (0, 1440), "pow_difficulty": (8, 28), "invitation_ttl_hours": (1, 8760)}
MAX_KEY_LENGTH = 1000  # captcha site key and secret
MAX_URL_LENGTH = 2048


class SiteSettingsUseCases(UseCases):
    def __init__(self, transactions, repository: SiteSettingsRepository | None = None) -> None:
        super().__init__(transactions)
        self.repository = repository or SqlSiteSettingsRepository()

    async def current(self) -> SiteSettings:
        """The settings in force, secret included (for use cases; callers are not checked)."""
        async with self.transactions.begin() as uow:
            return await self.repository.load(uow.session)

    async def get(self, name: str) -> SiteSettings:
        _check_name(name, "name")
        _may_administer()
        return await self.current()

    async def captcha_secret(self, name: str) -> str:
        """The captcha secret, for the step-up service alone (system callers; authz lets no one else ask)."""
        _check_name(name, "name")
        if not current_caller().is_system:
            raise PermissionDenied("only Prism's own services may read the captcha secret")
        return (await self.current()).captcha_secret_key

    async def update(self, message: pb.SiteSettings, paths: list[str]) -> SiteSettings:
        _check_name(message.name, "settings.name")
        _may_administer()
        if not paths:
            raise InvalidArgument("update_mask names no setting to change", field="update_mask")
        unknown = sorted(set(paths) - set(SETTING_NAMES))
        if unknown:
            raise InvalidArgument(
                f"update_mask names unknown settings: {', '.join(unknown)} (settings: {', '.join(SETTING_NAMES)})",
                field="update_mask",
            )
        values: dict[str, Any] = {p: getattr(message, p) for p in sorted(set(paths))}
        for key, value in values.items():
            _validate(key, value)
        async with self.transactions.begin() as uow:
            await self.repository.save(uow.session, values, clock.now_micros())
            after = await self.repository.load(uow.session)
            await self.audit(uow, "directory.site_settings.updated", None, SITE_SETTINGS_NAME, fields=list(values))
        return after


def _check_name(name: str, field: str) -> None:
    if name != SITE_SETTINGS_NAME:
        raise InvalidArgument(f"{field} must be {SITE_SETTINGS_NAME!r}", field=field)


def _may_administer() -> None:
    """Authz has decided already; this is the use case's own guard."""
    caller = current_caller()
    if not (caller.is_system or caller.platform_admin):
        raise PermissionDenied("only platform admins (admins of PRISM_PLATFORM_ORGANIZATION) may do this")


def _validate(key: str, value: Any) -> None:
    field = f"settings.{key}"
    if key in RANGES:
        low, high = RANGES[key]
        if not low <= value <= high:
            raise InvalidArgument(f"{key} must be between {low} and {high}", field=field)
    elif key == "captcha_provider" and value not in CAPTCHA_PROVIDERS:
        raise InvalidArgument(f"captcha_provider must be one of {', '.join(CAPTCHA_PROVIDERS)}", field=field)
    elif key in ("captcha_site_key", "captcha_secret_key") and len(value) > MAX_KEY_LENGTH:
        raise InvalidArgument(f"{key} is longer than {MAX_KEY_LENGTH} characters", field=field)
    elif key == "captcha_verify_url" and value:
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.netloc or len(value) > MAX_URL_LENGTH:
            raise InvalidArgument("captcha_verify_url must be an http(s) URL, or empty", field=field)
