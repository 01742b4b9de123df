"""`prism users ...`: the people of an organization, their sign-in lock-outs and second factors (admins).

USER is a user id or a username; commands act in the profile's organization unless `--org` says otherwise.
"""

from __future__ import annotations

import re

import click

from prism.cli.context import current
from prism.cli.directory import ORG_OPTION, _list, _org_path, _show
from prism.cli.output import CliError, emit


@click.group()
def users() -> None:
    """People in an organization."""


@users.command("create")
@click.option("--username", required=True)
@click.option("--password", default=None, help="8 characters or more (asked for when not given; local users only).")
@click.option("--email", default="")
@click.option("--display-name", default="")
@click.option("--role", type=click.Choice(["user", "admin"]), default="user", show_default=True)
@click.option("--external", is_flag=True, help="A user who signs in through an SSO provider, with no password.")
@click.option("--provider", default=None, metavar="SLUG", help="The SSO provider of an --external user.")
@ORG_OPTION
@click.pass_context
def create_user(
    ctx: click.Context,
    username: str,
    password: str | None,
    email: str,
    display_name: str,
    role: str,
    external: bool,
    provider: str | None,
    org: str | None,
) -> None:
    """Create a user with a password, or an --external one of an SSO --provider."""
    body = {"username": username, "email": email, "display_name": display_name, "role": role}
    if external:
        if password is not None:
            raise click.UsageError("an --external user signs in through their SSO provider: no --password")
        if not provider:
            raise click.UsageError("an --external user needs --provider SLUG (their SSO provider)")
        body.update(kind="external", provider=provider)
    else:
        if provider:
            raise click.UsageError("--provider is for --external users")
        if password is None:
            password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
        body["password"] = password
    answer = current(ctx).client().post(f"{_org_path(ctx, org)}/users", json=body)
    _show(ctx, answer["user"], ("user_id", "username", "role", "kind", "provider"))


@users.command("list")
@ORG_OPTION
@click.pass_context
def list_users(ctx: click.Context, org: str | None) -> None:
    """List users."""
    _list(ctx, f"{_org_path(ctx, org)}/users", "users", ("user_id", "username", "role", "email", "kind", "disabled"))


USER_COLUMNS = ("user_id", "username", "email", "display_name", "role", "kind", "provider", "disabled")
_USER_ID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


def _user_path(ctx: click.Context, org: str | None, user: str) -> str:
    """The REST path of USER, a user id or a username (looked up in the organization's users)."""
    path = f"{_org_path(ctx, org)}/users"
    if _USER_ID.match(user):
        return f"{path}/{user}"
    for item in current(ctx).client().list_all(path, "users"):
        if item.get("username") == user:
            return f"{path}/{item['user_id']}"
    raise CliError(f"no user with id or username {user!r} in {current(ctx).organization(org)}")


@users.command("get")
@click.argument("user")
@ORG_OPTION
@click.pass_context
def get_user(ctx: click.Context, user: str, org: str | None) -> None:
    """Show a user (USER: id or username), with failed sign-ins and any lock-out."""
    answer = current(ctx).client().get(_user_path(ctx, org, user))
    _show(ctx, answer["user"], (*USER_COLUMNS, "failed_sign_ins", "locked_until"))


@users.command("update")
@click.argument("user")
@click.option("--email", default=None, help="New email address (unverified until confirmed).")
@click.option("--display-name", default=None)
@click.option("--role", type=click.Choice(["user", "admin"]), default=None)
@click.option("--password", default=None, help="New password (local users; 8 characters or more).")
@click.option("--disable/--enable", "disabled", default=None, help="Stop or allow the user's sign-ins.")
@ORG_OPTION
@click.pass_context
def update_user(
    ctx: click.Context,
    user: str,
    email: str | None,
    display_name: str | None,
    role: str | None,
    password: str | None,
    disabled: bool | None,
    org: str | None,
) -> None:
    """Change the given fields of a user (USER: id or username)."""
    changes = {"email": email, "display_name": display_name, "role": role, "password": password, "disabled": disabled}
    body = {k: v for k, v in changes.items() if v is not None}
    if not body:
        raise click.UsageError("nothing to change: pass at least one option")
    answer = (
        current(ctx)
        .client()
        .request("PATCH", _user_path(ctx, org, user), params={"update_mask": ",".join(body)}, json=body)
    )
    _show(ctx, answer["user"], USER_COLUMNS)


@users.command("unlock")
@click.argument("user")
@ORG_OPTION
@click.pass_context
def unlock_user(ctx: click.Context, user: str, org: str | None) -> None:
    """Lift a user's sign-in lock-out and forget their failed attempts (USER: id or username)."""
    answer = current(ctx).client().post(f"{_user_path(ctx, org, user)}:unlock", json={})
    if current(ctx).json:
        emit(ctx, answer["user"])
    else:
        click.echo(f"unlocked {answer['user']['username']}")


@users.command("reset-mfa")
@click.argument("user")
@ORG_OPTION
@click.pass_context
def reset_mfa(ctx: click.Context, user: str, org: str | None) -> None:
    """Remove a user's second factors, so that they enrol again at next sign-in (USER: id or username)."""
    answer = current(ctx).client().post(f"{_user_path(ctx, org, user)}:resetMfa", json={})
    if current(ctx).json:
        emit(ctx, answer)
    else:
        click.echo(f"reset the second factors of {user}")


@users.command("delete")
@click.option("--user-id", required=True)
@ORG_OPTION
@click.pass_context
def delete_user(ctx: click.Context, user_id: str, org: str | None) -> None:
    """Delete a user (not the last admin)."""
    current(ctx).client().delete(f"{_org_path(ctx, org)}/users/{user_id}")
    if not current(ctx).json:
        click.echo(f"deleted user {user_id}")
