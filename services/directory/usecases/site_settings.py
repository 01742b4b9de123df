"""Site settings (skeleton: filled in by the site-settings work)."""

from __future__ import annotations

from prism.runtime.errors import Unimplemented
from services.directory.usecases.base import UseCases


class SiteSettingsUseCases(UseCases):
    async def get(self, name: str):
        raise Unimplemented("site settings are not built yet")

    async def update(self, message, paths: list[str]):
        raise Unimplemented("site settings are not built yet")
