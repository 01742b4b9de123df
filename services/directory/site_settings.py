"""Site settings: the domain object (every default in one place), its storage contract and its SQL.

Stored one row per setting in `directory_site_settings` (the value as JSON); a setting without a
row has its default, so a new setting needs no migration.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any, Protocol

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from prism.runtime.database import upsert_insert
from services.directory.tables import site_settings

SITE_SETTINGS_NAME = "siteSettings"  # the resource name of the one SiteSettings
CAPTCHA_PROVIDERS = ("none", "turnstile", "hcaptcha", "recaptcha", "pow")


@dataclass(frozen=True)
class SiteSettings:
    # minutes a step-up sudo window lasts; 0 disables sudo mode
    sudo_mode_ttl_minutes: int = 15
    # whether every step-up approval needs a captcha
    require_captcha_for_2fa: bool = False
    # one of CAPTCHA_PROVIDERS
    captcha_provider: str = "none"
    # the captcha provider's public site key
    captcha_site_key: str = ""
    # the captcha provider's secret: written through the API, never read back through it
    captcha_secret_key: str = ""
    # verify URL of the captcha provider; empty: the provider's public URL
    captcha_verify_url: str = ""
    # leading zero bits a proof-of-work solution needs (`pow` provider)
    pow_difficulty: int = 18
    # hours an invitation link works unless the invitation says otherwise
    invitation_ttl_hours: int = 168
    # whether POST /api/v1/auth/anonymous hands out anonymous sessions
    anonymous_sessions_enabled: bool = True
    # last change (microseconds since the epoch); None while every setting has its default
    updated_at_micros: int | None = None


SETTING_NAMES = tuple(f.name for f in fields(SiteSettings) if f.name != "updated_at_micros")


class SiteSettingsRepository(Protocol):
    async def load(self, session: AsyncSession) -> SiteSettings: ...
    async def save(self, session: AsyncSession, values: dict[str, Any], now_micros: int) -> None: ...


class SqlSiteSettingsRepository:
    async def load(self, session: AsyncSession) -> SiteSettings:
        rows = (await session.execute(select(site_settings))).mappings().all()
        stored = {r["key"]: r["value"] for r in rows if r["key"] in SETTING_NAMES}  # rows of newer versions: ignored
        updated = max((r["updated_at"] for r in rows), default=None)
        return SiteSettings(**stored, updated_at_micros=updated)

    async def save(self, session: AsyncSession, values: dict[str, Any], now_micros: int) -> None:
        """Writes each setting of `values` (insert or replace its row)."""
        for key, value in values.items():
            statement = upsert_insert(session, site_settings).values(key=key, value=value, updated_at=now_micros)
            await session.execute(
                statement.on_conflict_do_update(
                    index_elements=[site_settings.c.key],
                    set_={"value": statement.excluded.value, "updated_at": statement.excluded.updated_at},
                )
            )
