"""What every CLI command needs: the profile in use, the server, and an authenticated client."""

from __future__ import annotations

import click

from prism.cli.http import DEFAULT_SERVER, ApiClient
from prism.cli.output import CliError
from prism.cli.profiles import Profile, ProfileStore


class CliContext:
    def __init__(self, output: str, server: str | None, profile: str) -> None:
        self.output = output
        self.server_override = server
        self.profile_name = profile
        self.store = ProfileStore()

    @property
    def profile(self) -> Profile:
        return self.store.get(self.profile_name)

    def server(self) -> str:
        return (self.server_override or self.profile.server or DEFAULT_SERVER).rstrip("/")

    def client(self, *, authenticated: bool = True) -> ApiClient:
        token = self.profile.usable_token() if authenticated else None
        return ApiClient(self.server(), token)

    def optional_client(self) -> ApiClient:
        """Authenticated when a usable token is stored (e.g. a platform admin), anonymous otherwise."""
        try:
            return self.client()
        except CliError:
            return self.client(authenticated=False)

    def organization(self, explicit: str | None) -> str:
        org = explicit or self.profile.organization
        if not org:
            raise CliError("no organization: pass --org or log in first")
        return org

    @property
    def json(self) -> bool:
        return self.output == "json"


def current(ctx: click.Context) -> CliContext:
    return ctx.find_root().obj["cli"]
