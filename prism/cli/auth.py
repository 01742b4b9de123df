"""`prism auth ...`: log in and out, and show who the stored token says you are."""

from __future__ import annotations

import datetime
import io
import time

import click
import segno

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
@click.option(
    "--totp",
    default=None,
    metavar="CODE",
    help="Current code of your authenticator app, for scripts (prompted for when the server asks and it is omitted).",
)
@click.pass_context
def login(ctx: click.Context, org: str, username: str, password: str, totp: str | None) -> None:
    """Log in to an organization with a username and password (and a TOTP code when the server requires one).

    The first login of an account that must use two-factor authentication sets it up: the QR code
    and the secret are printed (scan or type them into an authenticator app), then the code is asked.
    """
    cli = current(ctx)
    client = cli.client(authenticated=False)
    body = {"org": org, "username": username, "password": password}
    if totp:
        body["totp"] = totp.replace(" ", "")
    answer = client.post("/api/v1/auth/login", json=body)
    if "mfa" in answer and "token" not in answer:
        answer = _second_factor(client, answer["mfa"], password)
    token = _store(ctx, answer)
    if cli.json:
        emit(ctx, {"subject": token["subject"], "organization": token["organization"], "issuer": token["issuer"]})
    else:
        click.echo(f"logged in to {token['organization']} as {username} (profile {cli.profile_name})")


def _second_factor(client, mfa: dict, password: str) -> dict:
    """Enrol (QR code and secret in the terminal) or just ask the code; a few tries for typos."""
    if mfa.get("enroll"):
        secret = mfa.get("secret", "")
        click.echo("This server requires two-factor authentication for password logins.", err=True)
        click.echo(
            "Scan this QR code with your authenticator app (Google Authenticator, Authy, 1Password, ...):", err=True
        )
        qr = io.StringIO()
        segno.make(mfa.get("otpauth_uri", ""), error="m").terminal(out=qr, compact=True)
        click.echo(qr.getvalue(), err=True)
        grouped = " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
        click.echo(f"or enter this secret key by hand (time-based, 6 digits): {grouped}", err=True)
    for attempt in range(3):
        question = "Authentication code" if mfa.get("enroll") else "Authentication code (or a backup code)"
        code = click.prompt(question, err=True).strip()
        try:
            return client.post(
                "/api/v1/auth/mfa",
                json={"ticket": mfa["ticket"], "code": code, "password": password if mfa.get("enroll") else ""},
            )
        except CliError as error:
            if "not valid" not in str(error) or attempt == 2:
                raise
            click.echo(f"{error}; try again", err=True)
    raise AssertionError("unreachable")


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


@auth.command("backup-codes")
@click.pass_context
def backup_codes(ctx: click.Context) -> None:
    """Make 10 new single-use backup codes for your account (the old ones stop working); shown once."""
    cli = current(ctx)
    profile = cli.profile
    if not profile.access_token or not profile.organization or not profile.subject:
        raise CliError("not logged in: run `prism auth login` first")
    name = f"organizations/{profile.organization}/users/{profile.subject}"
    answer = cli.client().post(f"/api/v1/{name}:regenerateBackupCodes", json={})
    if cli.json:
        emit(ctx, {"codes": answer.get("codes", [])})
        return
    click.echo("Your backup codes (each works once, in place of an authenticator code; keep them safe):")
    for code in answer.get("codes", []):
        click.echo(f"  {code}")
    click.echo("They are shown only now; the previous codes no longer work.")


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
