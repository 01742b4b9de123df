"""`prism audit list --org SLUG`."""

from __future__ import annotations

import click

from prism.cli.context import current
from prism.cli.output import emit


@click.group()
def audit() -> None:
    """Audit events recorded by every component."""


@audit.command("list")
@click.option("--org", "organization", default=None, help="Organization slug (default: the profile's), or - for all.")
@click.option("--action-prefix", default="", help="Only actions starting with this (e.g. keys.).")
@click.option("--page-size", type=click.IntRange(1, 500), default=50, show_default=True)
@click.option("--page-token", default="", help="next_page_token of a previous call.")
@click.pass_context
def list_events(ctx: click.Context, organization: str, action_prefix: str, page_size: int, page_token: str) -> None:
    """List audit events, newest first."""
    client = current(ctx).client()
    params = {"page_size": page_size}
    if action_prefix:
        params["action_prefix"] = action_prefix
    if page_token:
        params["page_token"] = page_token
    body = client.get(f"/api/v1/organizations/{current(ctx).organization(organization)}/auditEvents", params=params)
    events = body.get("audit_events", [])
    emit(ctx, body, rows=events, columns=("time", "component", "action", "actor", "target", "outcome"))
    if body.get("next_page_token") and ctx.obj.get("output") != "json":
        click.echo(f"next page: --page-token {body['next_page_token']}", err=True)
