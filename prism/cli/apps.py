"""`prism apps create|list|get|update|delete|rotate-secret`: OAuth apps of an organization."""

from __future__ import annotations

import click

from prism.cli.context import current
from prism.cli.directory import ORG_OPTION, _list, _org_path
from prism.cli.output import emit

COLUMNS = ("client_id", "display_name", "client_type", "redirect_uris", "grant_types")
KINDS = {"confidential": "CLIENT_TYPE_CONFIDENTIAL", "public": "CLIENT_TYPE_PUBLIC"}


def _settings(redirect_uri, scope, oidc_field, grant_type, post_logout_redirect_uri, access_token_lifetime) -> dict:
    body: dict = {}
    for key, values in (
        ("redirect_uris", redirect_uri),
        ("allowed_scopes", scope),
        ("oidc_fields", oidc_field),
        ("grant_types", grant_type),
        ("post_logout_redirect_uris", post_logout_redirect_uri),
    ):
        if values:
            body[key] = list(values)
    if access_token_lifetime is not None:
        body["access_token_lifetime_seconds"] = access_token_lifetime
    return body


def _options(function):
    for option in reversed(
        [
            click.option("--redirect-uri", multiple=True, help="Redirect URI, matched exactly (repeatable)."),
            click.option("--scope", multiple=True, help="Scope the app may request (repeatable)."),
            click.option("--oidc-field", multiple=True, help="Extra ID token field: teams, apps, domains, ..."),
            click.option(
                "--grant-type",
                multiple=True,
                type=click.Choice(["authorization_code", "refresh_token", "client_credentials"]),
            ),
            click.option("--post-logout-redirect-uri", multiple=True, help="Where logout may return (repeatable)."),
            click.option(
                "--access-token-lifetime",
                type=click.IntRange(0, 365 * 86400),
                default=None,
                help="Access token lifetime in seconds (0: the default).",
            ),
        ]
    ):
        function = option(function)
    return function


def _show_app(ctx: click.Context, answer: dict) -> None:
    app = answer["app"]
    if current(ctx).json:
        emit(ctx, {**app, **({"client_secret": answer["client_secret"]} if answer.get("client_secret") else {})})
        return
    emit(ctx, {c: ", ".join(app[c]) if isinstance(app.get(c), list) else app.get(c, "") for c in COLUMNS})
    if answer.get("client_secret"):
        click.echo("client secret (copy it now, it is not shown again):")
        click.echo(answer["client_secret"])


@click.group()
def apps() -> None:
    """OAuth / OpenID Connect apps (clients)."""


@apps.command("create")
@click.option("--name", "display_name", required=True, help="Name shown on consent pages.")
@click.option("--description", default="")
@click.option(
    "--type",
    "client_type",
    type=click.Choice(["confidential", "public"]),
    default="confidential",
    show_default=True,
    help="Public apps (SPA, native) have no secret and must use PKCE.",
)
@_options
@ORG_OPTION
@click.pass_context
def create(ctx, display_name, description, client_type, org, **settings):
    """Register an app; a confidential app's client secret is shown this once."""
    body = {
        "display_name": display_name,
        "description": description,
        "client_type": KINDS[client_type],
        **_settings(**settings),
    }
    _show_app(ctx, current(ctx).client().post(f"{_org_path(ctx, org)}/apps", json=body))


@apps.command("list")
@ORG_OPTION
@click.pass_context
def list_apps(ctx, org):
    """List apps."""
    _list(ctx, f"{_org_path(ctx, org)}/apps", "apps", COLUMNS)


@apps.command("get")
@click.argument("client_id")
@ORG_OPTION
@click.pass_context
def get(ctx, client_id, org):
    """Show an app."""
    _show_app(ctx, current(ctx).client().get(f"{_org_path(ctx, org)}/apps/{client_id}"))


@apps.command("update")
@click.argument("client_id")
@click.option("--name", "display_name", default=None)
@click.option("--description", default=None)
@_options
@ORG_OPTION
@click.pass_context
def update(ctx, client_id, display_name, description, org, **settings):
    """Change the given fields of an app (lists are replaced whole)."""
    body = _settings(**settings)
    if display_name is not None:
        body["display_name"] = display_name
    if description is not None:
        body["description"] = description
    if not body:
        raise click.UsageError("nothing to change: pass at least one option")
    answer = (
        current(ctx)
        .client()
        .request("PATCH", f"{_org_path(ctx, org)}/apps/{client_id}", params={"update_mask": ",".join(body)}, json=body)
    )
    _show_app(ctx, answer)


@apps.command("delete")
@click.argument("client_id")
@ORG_OPTION
@click.pass_context
def delete(ctx, client_id, org):
    """Delete an app."""
    current(ctx).client().delete(f"{_org_path(ctx, org)}/apps/{client_id}")
    if not current(ctx).json:
        click.echo(f"deleted app {client_id}")


@apps.command("rotate-secret")
@click.argument("client_id")
@ORG_OPTION
@click.pass_context
def rotate_secret(ctx, client_id, org):
    """Replace a confidential app's secret (the old one stops working at once)."""
    _show_app(ctx, current(ctx).client().post(f"{_org_path(ctx, org)}/apps/{client_id}:rotateSecret", json={}))
