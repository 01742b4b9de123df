"""`prism auth ...`: log in and out, and show who the stored token says you are."""

from __future__ import annotations

import datetime
import time

import click

from prism.cli.context import current
from prism.cli.output import CliError, emit
from prism.cli.profiles import Profile


@click.group()
def auth() -> None:
    """Logins stored in the current profile."""


def _store(ctx: click.Context, answer: dict) -> dict:
    cli = current(ctx)
    token = answer["token"]
    profile = cli.profile
    profile = Profile(
        server=cli.server(),
        access_token=token["access_token"],
        organization=token["organization"],
        subject=token["subject"],
        issuer=token["issuer"],
        expires_at=int(time.time()) + int(token["expires_in"]),
    )
    cli.store.put(cli.profile_name, profile)
    return token


@auth.command()
@click.option("--org", required=True, help="Organization slug.")
@click.option("--username", prompt=True, help="Username.")
@click.option("--password", prompt=True, hide_input=True, help="Password (prompted for when omitted).")
@click.pass_context
def login(ctx: click.Context, org: str, username: str, password: str) -> None:
    """Log in to an organization with a username and password."""
    cli = current(ctx)
    answer = cli.client(authenticated=False).post(
        "/api/v1/auth/login", json={"org": org, "username": username, "password": password}
    )
    token = _store(ctx, answer)
    if cli.json:
        emit(ctx, {"subject": token["subject"], "organization": token["organization"], "issuer": token["issuer"]})
    else:
        click.echo(f"logged in to {token['organization']} as {username} (profile {cli.profile_name})")


@auth.command("sa-login-with-apikey")
@click.option("--api-key", required=True, help="A service account's API key (prism_...).")
@click.pass_context
def sa_login_with_apikey(ctx: click.Context, api_key: str) -> None:
    """Log in as a service account with one of its API keys."""
    cli = current(ctx)
    answer = cli.client(authenticated=False).post("/api/v1/auth/service-accounts/login", json={"api_key": api_key})
    token = _store(ctx, answer)
    if cli.json:
        emit(ctx, {"subject": token["subject"], "organization": token["organization"], "issuer": token["issuer"]})
    else:
        click.echo(f"logged in as {token['subject']} (profile {cli.profile_name})")


@auth.command()
@click.pass_context
def logout(ctx: click.Context) -> None:
    """Forget the current profile's token (the server keeps nothing to undo)."""
    cli = current(ctx)
    profile = cli.profile
    had = profile.access_token is not None
    cli.store.put(cli.profile_name, Profile(server=profile.server))
    if not cli.json:
        click.echo("logged out" if had else "was not logged in")


@auth.command("caller-identity")
@click.pass_context
def caller_identity(ctx: click.Context) -> None:
    """Who the stored token says you are: subject, organization, issuer, expiry."""
    cli = current(ctx)
    profile = cli.profile
    if not profile.access_token:
        raise CliError("not logged in: run `prism auth login` (or `prism auth sa-login-with-apikey`)")
    claims = profile.claims()
    expires = claims.get("exp")
    identity = {
        "subject": claims.get("sub"),
        "organization": claims.get("org"),
        "issuer": claims.get("iss"),
        "expires": datetime.datetime.fromtimestamp(expires, tz=datetime.UTC).isoformat() if expires else None,
        "expired": bool(expires and expires <= time.time()),
        "profile": cli.profile_name,
    }
    emit(ctx, identity)


@auth.command("print-access-token")
@click.pass_context
def print_access_token(ctx: click.Context) -> None:
    """Print the current profile's access token (for scripts: "$(prism auth print-access-token)")."""
    click.echo(current(ctx).profile.usable_token())


@auth.command("sa-assume-openid")
@click.option("--org", required=True, help="Slug of the target organization.")
@click.option("--service-account", required=True, help="Canonical name of the service account to assume.")
@click.option("--token", required=True, help='The presented JWT, e.g. "$(prism auth print-access-token)".')
@click.pass_context
def sa_assume_openid(ctx: click.Context, org: str, service_account: str, token: str) -> None:
    """Assume a service account of another organization with a token it trusts."""
    cli = current(ctx)
    answer = cli.client(authenticated=False).post(
        "/api/v1/auth/service-accounts/assume/openid",
        json={"org": org, "service_account": service_account, "token": token},
    )
    issued = _store(ctx, answer)
    if cli.json:
        emit(ctx, {"subject": issued["subject"], "organization": issued["organization"], "issuer": issued["issuer"]})
    else:
        click.echo(f"now acting as {issued['subject']} in {issued['organization']} (profile {cli.profile_name})")
