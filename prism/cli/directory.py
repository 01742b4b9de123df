"""`prism organizations|projects|service-accounts|teams ...`: the directory from the terminal.

Commands act in the profile's organization unless `--org` says otherwise; list commands follow
every page. Errors print one line and exit 1 (see prism.cli.output).
"""

from __future__ import annotations

import datetime

import click

from prism.cli.context import current
from prism.cli.output import emit

ORG_OPTION = click.option("--org", default=None, help="Organization slug (default: the profile's).")


def _org_path(ctx: click.Context, org: str | None) -> str:
    return f"/api/v1/organizations/{current(ctx).organization(org)}"


def _show(ctx: click.Context, item: dict, columns: tuple[str, ...]) -> None:
    emit(ctx, item if current(ctx).json else {c: item.get(c, "") for c in columns})


def _list(ctx: click.Context, path: str, key: str, columns: tuple[str, ...]) -> None:
    items = current(ctx).client().list_all(path, key)
    emit(ctx, {key: items}, rows=items, columns=columns)


# ---------------------------------------------------------------- organizations


@click.group()
def organizations() -> None:
    """Organizations (tenants), each with its own issuer and keys."""


@organizations.command("create")
@click.option("--name", required=True, help='Display name; the slug is derived from it ("Org 1" -> org-1).')
@click.option("--admin-username", required=True, help="Username of the first admin.")
@click.option("--admin-password", required=True, help="Password of the first admin (8 characters or more).")
@click.pass_context
def create_organization(ctx: click.Context, name: str, admin_username: str, admin_password: str) -> None:
    """Create an organization together with its first admin."""
    body = {"organization": {"display_name": name}, "admin_username": admin_username, "admin_password": admin_password}
    answer = current(ctx).optional_client().post("/api/v1/organizations", json=body)
    organization, admin = answer["organization"], answer["admin"]
    if current(ctx).json:
        emit(ctx, answer)
    else:
        click.echo(
            f"created organization {organization['slug']} (issuer {organization['issuer']}) "
            f"with admin {admin['username']}"
        )
        click.echo(f"log in: prism auth login --org {organization['slug']} --username {admin['username']}")


@organizations.command("list")
@click.pass_context
def list_organizations(ctx: click.Context) -> None:
    """List organizations (yours, or all for platform admins)."""
    _list(ctx, "/api/v1/organizations", "organizations", ("slug", "display_name", "issuer", "create_time"))


@organizations.command("get")
@ORG_OPTION
@click.pass_context
def get_organization(ctx: click.Context, org: str | None) -> None:
    """Show an organization."""
    _show(ctx, current(ctx).client().get(_org_path(ctx, org))["organization"], ("slug", "display_name", "issuer"))


# ---------------------------------------------------------------- projects


@click.group()
def projects() -> None:
    """Projects, which hold service accounts."""


@projects.command("create")
@click.option("--name", required=True, help="Project id: lowercase letters, digits, hyphens.")
@ORG_OPTION
@click.pass_context
def create_project(ctx: click.Context, name: str, org: str | None) -> None:
    """Create a project."""
    answer = current(ctx).client().post(f"{_org_path(ctx, org)}/projects", json={"project_id": name})
    _show(ctx, answer["project"], ("name", "project_id", "create_time"))


@projects.command("list")
@ORG_OPTION
@click.pass_context
def list_projects(ctx: click.Context, org: str | None) -> None:
    """List projects."""
    _list(ctx, f"{_org_path(ctx, org)}/projects", "projects", ("project_id", "create_time"))


@projects.command("delete")
@click.option("--name", required=True, help="Project id.")
@ORG_OPTION
@click.pass_context
def delete_project(ctx: click.Context, name: str, org: str | None) -> None:
    """Delete a project (it must have no service accounts)."""
    current(ctx).client().delete(f"{_org_path(ctx, org)}/projects/{name}")
    if not current(ctx).json:
        click.echo(f"deleted project {name}")


# ---------------------------------------------------------------- service accounts


@click.group("service-accounts")
def service_accounts() -> None:
    """Service accounts of a project, and their API keys."""


def _account_path(ctx: click.Context, org: str | None, project: str, account: str | None = None) -> str:
    path = f"{_org_path(ctx, org)}/projects/{project}/serviceAccounts"
    return f"{path}/{account}" if account else path


@service_accounts.command("create")
@click.option("--project", required=True, help="Project id.")
@click.option("--name", required=True, help="Service account id.")
@click.option("--description", default="", help="What it is for.")
@ORG_OPTION
@click.pass_context
def create_service_account(ctx: click.Context, project: str, name: str, description: str, org: str | None) -> None:
    """Create a service account."""
    answer = (
        current(ctx)
        .client()
        .post(_account_path(ctx, org, project), json={"service_account_id": name, "description": description})
    )
    _show(ctx, answer["service_account"], ("service_account_id", "canonical_name", "create_time"))


@service_accounts.command("list")
@click.option("--project", required=True, help="Project id.")
@ORG_OPTION
@click.pass_context
def list_service_accounts(ctx: click.Context, project: str, org: str | None) -> None:
    """List a project's service accounts."""
    _list(
        ctx,
        _account_path(ctx, org, project),
        "service_accounts",
        ("service_account_id", "canonical_name", "description"),
    )


@service_accounts.command("delete")
@click.option("--project", required=True, help="Project id.")
@click.option("--name", required=True, help="Service account id.")
@ORG_OPTION
@click.pass_context
def delete_service_account(ctx: click.Context, project: str, name: str, org: str | None) -> None:
    """Delete a service account (its API keys stop working at once)."""
    current(ctx).client().delete(_account_path(ctx, org, project, name))
    if not current(ctx).json:
        click.echo(f"deleted service account {name}")


@service_accounts.group("api-keys")
def api_keys() -> None:
    """API keys of a service account."""


@api_keys.command("create")
@click.option("--project", required=True, help="Project id.")
@click.option("--service-account-id", required=True, help="Service account id.")
@click.option("--description", default="", help="What the key is for.")
@click.option("--expires-in-days", type=click.IntRange(1, 3650), default=None, help="Expire after this many days.")
@ORG_OPTION
@click.pass_context
def create_api_key(
    ctx: click.Context,
    project: str,
    service_account_id: str,
    description: str,
    expires_in_days: int | None,
    org: str | None,
) -> None:
    """Create an API key; its secret is shown this once."""
    body: dict = {"description": description}
    if expires_in_days:
        expiry = datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=expires_in_days)
        body["expire_time"] = expiry.isoformat().replace("+00:00", "Z")
    answer = current(ctx).client().post(f"{_account_path(ctx, org, project, service_account_id)}/apiKeys", json=body)
    if current(ctx).json:
        emit(ctx, {"api_key": answer["secret"], **answer["api_key"]})
    else:
        click.echo(f"API key {answer['api_key']['key_id']} created; copy it now, it is not shown again:")
        click.echo(answer["secret"])


@api_keys.command("list")
@click.option("--project", required=True, help="Project id.")
@click.option("--service-account-id", required=True, help="Service account id.")
@ORG_OPTION
@click.pass_context
def list_api_keys(ctx: click.Context, project: str, service_account_id: str, org: str | None) -> None:
    """List API keys (never their secrets)."""
    _list(
        ctx,
        f"{_account_path(ctx, org, project, service_account_id)}/apiKeys",
        "api_keys",
        ("key_id", "description", "create_time", "last_use_time", "expire_time", "revoke_time"),
    )


@api_keys.command("revoke")
@click.option("--project", required=True, help="Project id.")
@click.option("--service-account-id", required=True, help="Service account id.")
@click.option("--key-id", required=True, help="Key id (from `api-keys list`).")
@ORG_OPTION
@click.pass_context
def revoke_api_key(ctx: click.Context, project: str, service_account_id: str, key_id: str, org: str | None) -> None:
    """Revoke an API key at once."""
    path = f"{_account_path(ctx, org, project, service_account_id)}/apiKeys/{key_id}:revoke"
    answer = current(ctx).client().post(path, json={})
    if current(ctx).json:
        emit(ctx, answer["api_key"])
    else:
        click.echo(f"revoked API key {key_id}")


# ---------------------------------------------------------------- teams


@click.group()
def teams() -> None:
    """Teams of users, with owners and members."""


@teams.command("create")
@click.option("--name", required=True, help="Team id: lowercase letters, digits, hyphens.")
@click.option("--display-name", default="")
@ORG_OPTION
@click.pass_context
def create_team(ctx: click.Context, name: str, display_name: str, org: str | None) -> None:
    """Create a team (you become its owner)."""
    answer = (
        current(ctx).client().post(f"{_org_path(ctx, org)}/teams", json={"team_id": name, "display_name": display_name})
    )
    _show(ctx, answer["team"], ("team_id", "display_name", "create_time"))


@teams.command("list")
@ORG_OPTION
@click.pass_context
def list_teams(ctx: click.Context, org: str | None) -> None:
    """List teams (yours, or all for admins)."""
    _list(ctx, f"{_org_path(ctx, org)}/teams", "teams", ("team_id", "display_name", "create_time"))


@teams.command("delete")
@click.option("--name", required=True, help="Team id.")
@ORG_OPTION
@click.pass_context
def delete_team(ctx: click.Context, name: str, org: str | None) -> None:
    """Delete a team."""
    current(ctx).client().delete(f"{_org_path(ctx, org)}/teams/{name}")
    if not current(ctx).json:
        click.echo(f"deleted team {name}")


@teams.group("members")
def members() -> None:
    """Members of a team."""


@members.command("add")
@click.option("--team", required=True, help="Team id.")
@click.option("--user-id", required=True)
@click.option("--role", type=click.Choice(["member", "owner"]), default="member", show_default=True)
@ORG_OPTION
@click.pass_context
def add_member(ctx: click.Context, team: str, user_id: str, role: str, org: str | None) -> None:
    """Add a user to a team (or change their role)."""
    answer = (
        current(ctx)
        .client()
        .post(f"{_org_path(ctx, org)}/teams/{team}/members", json={"user_id": user_id, "role": role})
    )
    _show(ctx, answer["member"], ("user_id", "role"))


@members.command("list")
@click.option("--team", required=True, help="Team id.")
@ORG_OPTION
@click.pass_context
def list_members(ctx: click.Context, team: str, org: str | None) -> None:
    """List a team's members."""
    _list(ctx, f"{_org_path(ctx, org)}/teams/{team}/members", "members", ("user_id", "role"))


@members.command("remove")
@click.option("--team", required=True, help="Team id.")
@click.option("--user-id", required=True)
@ORG_OPTION
@click.pass_context
def remove_member(ctx: click.Context, team: str, user_id: str, org: str | None) -> None:
    """Remove a user from a team."""
    current(ctx).client().delete(f"{_org_path(ctx, org)}/teams/{team}/members/{user_id}")
    if not current(ctx).json:
        click.echo(f"removed {user_id} from team {team}")
