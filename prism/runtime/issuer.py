"""Organization issuers, as DESIGN.md "Tenancy and issuers" defines them."""

from __future__ import annotations

from prism.runtime.settings import PlatformSettings


def issuer_for(settings: PlatformSettings, slug: str) -> str:
    if settings.issuer_style == "path":
        return f"{settings.public_url}/api/v1/organizations/{slug}"
    return f"https://{slug}.{settings.identity_domain}"
