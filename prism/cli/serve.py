"""`prism serve [COMPONENT]` and `prism migrate [COMPONENT]`."""

from __future__ import annotations

import asyncio
import importlib

import click

from prism.cli.output import CliError, emit, progress
from prism.runtime.components import ALL_NAMES, DATA_OWNERS, SERVICES
from prism.runtime.logs import configure_logging
from prism.runtime.settings import PlatformSettings, SettingsError, load


@click.command()
@click.argument("component", required=False, type=click.Choice(ALL_NAMES))
@click.option("--port", type=int, default=None, help="Gateway HTTP port (default 8080, or PRISM_GATEWAY_PORT).")
def serve(component: str | None, port: int | None) -> None:
    """Run the whole suite, or one COMPONENT (others' addresses come from settings)."""
    try:
        if component is None:
            _serve_all(port)
        else:
            from prism.runtime.child import run

            run(component, port)
    except SettingsError as exc:
        raise CliError(str(exc)) from None


def _serve_all(port: int | None) -> None:
    from gateway.settings import GatewaySettings
    from prism.runtime.supervisor import Supervisor, child_environment

    platform = load(PlatformSettings)
    configure_logging("prism", platform.log_level, platform.log_format)
    gateway = load(GatewaySettings)
    for component in SERVICES:  # a wrong setting stops here, not in a restart loop
        load(importlib.import_module(component.module).SETTINGS)
    bound_port = port if port is not None else gateway.port
    platform.data_dir.mkdir(parents=True, exist_ok=True)
    progress(f"Prism is starting: http://{gateway.host}:{bound_port} (data in {platform.data_dir}); Ctrl-C stops it")
    supervisor = Supervisor(ALL_NAMES, env=child_environment(bound_port), run_dir=platform.data_dir / "run")
    try:
        asyncio.run(supervisor.run())
    except KeyboardInterrupt:
        pass


@click.command()
@click.argument("component", required=False, type=click.Choice([c.name for c in DATA_OWNERS]))
@click.pass_context
def migrate(ctx: click.Context, component: str | None) -> None:
    """Apply pending database migrations (every component, or one COMPONENT)."""
    from prism.runtime import migrations

    results = []
    for owner in DATA_OWNERS:
        if component and owner.name != component:
            continue
        try:
            settings = load(importlib.import_module(owner.module).SETTINGS)
        except SettingsError as exc:
            raise CliError(str(exc)) from None
        url = settings.database_url_resolved()
        progress(f"migrating {owner.name} ...")
        try:
            result = migrations.upgrade(owner.name, url)
        except Exception as exc:
            raise CliError(f"migrating {owner.name} failed: {exc}") from None
        results.append(
            {"component": owner.name, "from": result.before or "", "to": result.after or "", "changed": result.changed}
        )
    emit(ctx, {"migrations": results}, rows=results, columns=("component", "from", "to", "changed"))
