"""`prism keys list|rotate --org SLUG`."""

from __future__ import annotations

import json

import click

from prism.cli.context import current
from prism.cli.output import emit

_STATE = {"KEY_STATE_NEXT": "next", "KEY_STATE_ACTIVE": "active", "KEY_STATE_RETIRED": "retired"}


def _row(key: dict) -> dict:
    return {
        "kid": key["kid"],
        "algorithm": key["algorithm"],
        "state": _STATE.get(key["state"], key["state"]),
        "created": key.get("create_time", ""),
        "signs_from": key.get("activate_time", ""),
        "retires": key.get("retire_time") or "-",
        "removed": key.get("remove_time") or "-",
    }


@click.group()
def keys() -> None:
    """Organizations' signing keys."""


@keys.command("list")
@click.option("--org", "organization", default=None, help="Organization slug (default: the profile's).")
@click.pass_context
def list_keys(ctx: click.Context, organization: str) -> None:
    """List the published keys (next, active, retired) and their schedule."""
    body = current(ctx).client().get(f"/api/v1/organizations/{current(ctx).organization(organization)}/keys")
    rows = [_row(k) for k in body.get("keys", [])]
    if ctx.obj.get("output") == "json":
        emit(
            ctx,
            {
                "keys": [{**_row(k), "jwk": json.loads(k["public_jwk_json"])} for k in body.get("keys", [])],
                "cache_max_age_seconds": body.get("cache_max_age_seconds"),
            },
        )
    else:
        emit(ctx, body, rows=rows, columns=("kid", "algorithm", "state", "signs_from", "retires", "removed"))


@keys.command("rotate")
@click.option("--org", "organization", default=None, help="Organization slug (default: the profile's).")
@click.option(
    "--force",
    is_flag=True,
    help="Compromised key: sign with the new key now and withdraw every older key (tokens they signed stop verifying).",
)
@click.option(
    "--algorithm",
    type=click.Choice(["RS256", "PS256", "ES256", "EdDSA"]),
    default=None,
    help="Algorithm of the new key (default: the organization's current one).",
)
@click.pass_context
def rotate(ctx: click.Context, organization: str, force: bool, algorithm: str | None) -> None:
    """Rotate now: publish a new key that signs once verifiers have had time to fetch it."""
    body = {"force": force}
    if algorithm:
        body["algorithm"] = algorithm
    answer = (
        current(ctx)
        .client()
        .post(f"/api/v1/organizations/{current(ctx).organization(organization)}/keys:rotate", json=body)
    )
    row = _row(answer["key"])
    if ctx.obj.get("output") == "json":
        emit(ctx, row)
    else:
        when = "now" if force else f"from {row['signs_from']}"
        click.echo(f"new {row['algorithm']} key {row['kid']} signs {when}")
