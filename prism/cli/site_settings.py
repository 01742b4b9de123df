"""`prism site-settings ...` (skeleton: filled in by the site-settings work)."""

from __future__ import annotations

import click


@click.group("site-settings")
def site_settings() -> None:
    """Read and change the site-wide settings (platform admins)."""
