"""`prism domains add|list|verify|remove` and `prism gpg-keys add|list|remove`: the signed-in user's own
custom domains (proved by a DNS TXT record) and GPG public keys; `--user` lets an admin list or
remove another user's."""

from __future__ import annotations

import sys

import click

from prism.cli.context import current
from prism.cli.output import CliError, emit

_ORG = click.option("--org", "organization", default=None, help="Organization slug (default: the profile's).")
_USER = click.option("--user", "user_id", default=None, help="User id (default: the signed-in user).")


def _parent(ctx: click.Context, organization: str | None, user_id: str | None) -> str:
    cli = current(ctx)
    user = user_id or cli.profile.subject
    if not user:
        raise CliError("not logged in as a user: run `prism auth login` or pass --user")
    return f"/api/v1/organizations/{cli.organization(organization)}/users/{user}"


def _domain_row(d: dict) -> dict:
    return {
        "domain": d["domain"],
        "verified": "yes" if d.get("verified") else "no",
        "txt_record": d["verification_record"],
        "txt_value": d["verification_value"],
    }


@click.group()
def domains() -> None:
    """Your custom domains, proved with a DNS TXT record."""


@domains.command("add")
@click.argument("domain")
@_ORG
@click.pass_context
def add_domain(ctx: click.Context, domain: str, organization: str | None) -> None:
    """Add DOMAIN; prints the TXT record to publish before `prism domains verify`."""
    body = current(ctx).client().post(f"{_parent(ctx, organization, None)}/domains", json={"domain": domain})
    found = body["domain"]
    if ctx.obj.get("output") == "json":
        emit(ctx, found)
    else:
        click.echo(
            f"added {found['domain']}; publish this DNS record, then run `prism domains verify {found['domain']}`:"
        )
        click.echo(f'  {found["verification_record"]}  TXT  "{found["verification_value"]}"')


@domains.command("list")
@_ORG
@_USER
@click.pass_context
def list_domains(ctx: click.Context, organization: str | None, user_id: str | None) -> None:
    """List the domains and whether each is verified."""
    body = current(ctx).client().get(f"{_parent(ctx, organization, user_id)}/domains")
    found = body.get("domains", [])
    emit(ctx, body, rows=[_domain_row(d) for d in found], columns=("domain", "verified", "txt_record", "txt_value"))


@domains.command("verify")
@click.argument("domain")
@_ORG
@click.pass_context
def verify_domain(ctx: click.Context, domain: str, organization: str | None) -> None:
    """Look up DOMAIN's TXT record now and mark it verified when it holds the token."""
    path = f"{_parent(ctx, organization, None)}/domains/{domain.strip().lower()}:verify"
    found = current(ctx).client().post(path, json={})["domain"]
    if ctx.obj.get("output") == "json":
        emit(ctx, found)
    else:
        click.echo(f"{found['domain']} is verified")


@domains.command("remove")
@click.argument("domain")
@_ORG
@_USER
@click.pass_context
def remove_domain(ctx: click.Context, domain: str, organization: str | None, user_id: str | None) -> None:
    """Remove DOMAIN."""
    current(ctx).client().delete(f"{_parent(ctx, organization, user_id)}/domains/{domain.strip().lower()}")
    emit(ctx, {"removed": domain}) if ctx.obj.get("output") == "json" else click.echo(f"removed {domain}")


def _key_row(k: dict) -> dict:
    names = ", ".join(f"{u.get('name', '')} <{u.get('email', '')}>" for u in k.get("user_ids", []))
    return {
        "key_id": k["key_id"],
        "algorithm": k["algorithm"],
        "user_ids": names,
        "expires": k.get("expire_time") or "never",
        "fingerprint": k["fingerprint"],
    }


@click.group("gpg-keys")
def gpg_keys() -> None:
    """Your GPG public keys."""


@gpg_keys.command("add")
@click.argument("file", type=click.File("r"), default="-")
@_ORG
@click.pass_context
def add_key(ctx: click.Context, file, organization: str | None) -> None:
    """Add the ASCII-armoured public key in FILE (`-`, the default: standard input), e.g.
    `gpg --armor --export KEYID | prism gpg-keys add`."""
    if file is sys.stdin and sys.stdin.isatty():
        raise CliError("pipe the key in (`gpg --armor --export KEYID | prism gpg-keys add`) or name a file")
    body = current(ctx).client().post(f"{_parent(ctx, organization, None)}/gpgKeys", json={"armored_key": file.read()})
    key = body["gpg_key"]
    if ctx.obj.get("output") == "json":
        emit(ctx, key)
    else:
        click.echo(f"added {key['algorithm']} key {key['key_id']} ({key['fingerprint']})")


@gpg_keys.command("list")
@_ORG
@_USER
@click.pass_context
def list_keys(ctx: click.Context, organization: str | None, user_id: str | None) -> None:
    """List the keys."""
    body = current(ctx).client().get(f"{_parent(ctx, organization, user_id)}/gpgKeys")
    rows = [_key_row(k) for k in body.get("gpg_keys", [])]
    emit(ctx, body, rows=rows, columns=("key_id", "algorithm", "user_ids", "expires", "fingerprint"))


@gpg_keys.command("remove")
@click.argument("key_id")
@_ORG
@_USER
@click.pass_context
def remove_key(ctx: click.Context, key_id: str, organization: str | None, user_id: str | None) -> None:
    """Remove the key KEY_ID (its 16-digit long key id)."""
    current(ctx).client().delete(f"{_parent(ctx, organization, user_id)}/gpgKeys/{key_id.upper()}")
    emit(ctx, {"removed": key_id.upper()}) if ctx.obj.get("output") == "json" else click.echo(f"removed {key_id}")
