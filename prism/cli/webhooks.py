"""`prism webhooks create|list|get|update|delete|deliveries|redeliver`: webhook subscriptions.

By default a command acts on the organization's webhooks (admins); `--mine` acts on the logged-in
user's own webhooks (`organizations/{org}/users/{me}/webhooks`). A webhook is named by its id (the
last segment of its name). The signing secret is printed once, by `create`.
"""

from __future__ import annotations

import click

from prism.cli.context import current
from prism.cli.directory import ORG_OPTION, _list, _org_path, _show
from prism.cli.output import CliError, emit

COLUMNS = ("name", "url", "event_types", "active")
DETAILS = (*COLUMNS, "description", "create_time", "update_time")
DELIVERY_COLUMNS = ("name", "event_type", "state", "attempt_count", "next_attempt_time", "complete_time")

MINE_OPTION = click.option("--mine", is_flag=True, help="The logged-in user's own webhooks, not the organization's.")


def _parent(ctx: click.Context, org: str | None, mine: bool) -> str:
    path = _org_path(ctx, org)
    if not mine:
        return path
    subject = current(ctx).profile.subject
    if not subject:
        raise CliError("--mine needs a user login: run `prism auth login`")
    return f"{path}/users/{subject}"


def _path(ctx, org, mine, webhook_id: str | None = None) -> str:
    path = f"{_parent(ctx, org, mine)}/webhooks"
    return f"{path}/{webhook_id}" if webhook_id else path


@click.group()
def webhooks() -> None:
    """Webhooks: signed POSTs of audit events (logins, changes) to your URL."""


@webhooks.command("create")
@click.option("--url", required=True, help="Receiver URL (https).")
@click.option(
    "--event",
    "events",
    multiple=True,
    required=True,
    help="Event type (gateway.login.succeeded), prefix (gateway.login.*) or * (repeatable).",
)
@click.option("--description", default="", help="Free text.")
@click.option("--inactive", is_flag=True, help="Create it paused.")
@MINE_OPTION
@ORG_OPTION
@click.pass_context
def create(ctx, url, events, description, inactive, mine, org):
    """Subscribe URL to event types; prints the signing secret, once."""
    body = {"url": url, "event_types": list(events), "description": description, "active": not inactive}
    answer = current(ctx).client().post(_path(ctx, org, mine), json=body)
    if current(ctx).json:
        emit(ctx, answer)
        return
    webhook = answer["webhook"]
    click.echo(f"created webhook {webhook['name']}")
    click.echo(f"signing secret (shown once): {answer['signing_secret']}")


@webhooks.command("list")
@MINE_OPTION
@ORG_OPTION
@click.pass_context
def list_(ctx, mine, org):
    """List webhooks."""
    _list(ctx, _path(ctx, org, mine), "webhooks", COLUMNS)


@webhooks.command("get")
@click.argument("webhook_id")
@MINE_OPTION
@ORG_OPTION
@click.pass_context
def get(ctx, webhook_id, mine, org):
    """Show a webhook (never its secret)."""
    _show(ctx, current(ctx).client().get(_path(ctx, org, mine, webhook_id))["webhook"], DETAILS)


@webhooks.command("update")
@click.argument("webhook_id")
@click.option("--url", default=None, help="New receiver URL.")
@click.option("--event", "events", multiple=True, help="Replaces the event types (repeatable).")
@click.option("--description", default=None)
@click.option("--active/--inactive", default=None, help="Resume or pause deliveries.")
@MINE_OPTION
@ORG_OPTION
@click.pass_context
def update(ctx, webhook_id, url, events, description, active, mine, org):
    """Change the given fields of a webhook."""
    body: dict = {}
    if url is not None:
        body["url"] = url
    if events:
        body["event_types"] = list(events)
    if description is not None:
        body["description"] = description
    if active is not None:
        body["active"] = active
    if not body:
        raise click.UsageError("nothing to change: pass at least one option")
    path = _path(ctx, org, mine, webhook_id)
    answer = current(ctx).client().request("PATCH", path, params={"update_mask": ",".join(body)}, json=body)
    _show(ctx, answer["webhook"], DETAILS)


@webhooks.command("delete")
@click.argument("webhook_id")
@MINE_OPTION
@ORG_OPTION
@click.pass_context
def delete(ctx, webhook_id, mine, org):
    """Remove a webhook with its pending deliveries and log."""
    current(ctx).client().delete(_path(ctx, org, mine, webhook_id))
    if not current(ctx).json:
        click.echo(f"deleted webhook {webhook_id}")


@webhooks.command("deliveries")
@click.argument("webhook_id")
@MINE_OPTION
@ORG_OPTION
@click.pass_context
def deliveries(ctx, webhook_id, mine, org):
    """The delivery log of a webhook, newest first (--output json shows every attempt)."""
    _list(ctx, f"{_path(ctx, org, mine, webhook_id)}/deliveries", "webhook_deliveries", DELIVERY_COLUMNS)


@webhooks.command("redeliver")
@click.argument("webhook_id")
@click.argument("delivery_id")
@MINE_OPTION
@ORG_OPTION
@click.pass_context
def redeliver(ctx, webhook_id, delivery_id, mine, org):
    """Queue a delivery again."""
    path = f"{_path(ctx, org, mine, webhook_id)}/deliveries/{delivery_id}:redeliver"
    _show(ctx, current(ctx).client().post(path, json={})["webhook_delivery"], DELIVERY_COLUMNS)
