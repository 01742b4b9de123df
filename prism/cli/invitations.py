"""`prism invitations create|list|get|revoke`: invite people by email (admins of the organization).

The invitation link is printed once, when the invitation is created (Prism keeps only a hash of its
token); it is also emailed when the directory has an SMTP server (PRISM_SMTP_URL).
"""

from __future__ import annotations

import click

from prism.cli.context import current
from prism.cli.output import emit

ORG_OPTION = click.option("--org", default=None, help="Organization slug (default: the profile's).")
COLUMNS = ("invitation_id", "email", "team", "team_role", "role", "state", "expire_time")


def _path(ctx: click.Context, org: str | None, invitation_id: str | None = None) -> str:
    path = f"/api/v1/organizations/{current(ctx).organization(org)}/invitations"
    return f"{path}/{invitation_id}" if invitation_id else path


def _show(ctx: click.Context, invitation: dict) -> None:
    emit(ctx, invitation if current(ctx).json else {c: invitation.get(c, "") for c in (*COLUMNS, "accepted_by")})


@click.group()
def invitations() -> None:
    """Invite people by email into the organization and a team (admins)."""


@invitations.command("create")
@click.option("--email", required=True, help="Address of the person to invite.")
@click.option("--team", default="", help="Team id they join on acceptance.")
@click.option("--team-role", type=click.Choice(["member", "owner"]), default="member", show_default=True)
@click.option(
    "--role", type=click.Choice(["user", "admin"]), default="user", show_default=True, help="Role of a new account."
)
@click.option(
    "--ttl-hours",
    type=click.IntRange(1, 8760),
    default=None,
    help="Hours the link works (default: the site setting invitation_ttl_hours, 168).",
)
@ORG_OPTION
@click.pass_context
def create_invitation(
    ctx: click.Context, email: str, team: str, team_role: str, role: str, ttl_hours: int | None, org: str | None
) -> None:
    """Invite someone; the link is shown this once."""
    body: dict = {"email": email, "team": team, "team_role": team_role, "role": role}
    if ttl_hours:
        body["ttl_hours"] = ttl_hours
    answer = current(ctx).client().post(_path(ctx, org), json=body)
    invitation = answer["invitation"]
    if current(ctx).json:
        emit(ctx, answer)
        return
    click.echo(
        f"invitation {invitation['invitation_id']} created for {invitation['email']}, "
        f"valid until {invitation['expire_time']}"
    )
    click.echo("send this link to them; it is shown only once (it was also emailed if PRISM_SMTP_URL is set):")
    click.echo(answer["url"])


@invitations.command("list")
@ORG_OPTION
@click.pass_context
def list_invitations(ctx: click.Context, org: str | None) -> None:
    """List invitations, newest first."""
    items = current(ctx).client().list_all(_path(ctx, org), "invitations")
    emit(ctx, {"invitations": items}, rows=items, columns=COLUMNS)


@invitations.command("get")
@click.argument("invitation_id")
@ORG_OPTION
@click.pass_context
def get_invitation(ctx: click.Context, invitation_id: str, org: str | None) -> None:
    """Show an invitation and its state (PENDING, ACCEPTED, REVOKED, EXPIRED)."""
    _show(ctx, current(ctx).client().get(_path(ctx, org, invitation_id))["invitation"])


@invitations.command("revoke")
@click.argument("invitation_id")
@ORG_OPTION
@click.pass_context
def revoke_invitation(ctx: click.Context, invitation_id: str, org: str | None) -> None:
    """Revoke an invitation: its link stops working (the record stays)."""
    invitation = current(ctx).client().delete(_path(ctx, org, invitation_id))["invitation"]
    if current(ctx).json:
        emit(ctx, invitation)
    else:
        click.echo(f"revoked invitation {invitation_id} for {invitation['email']}")
