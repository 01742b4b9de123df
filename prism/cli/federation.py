"""`prism projects openid-configurations ...`, `prism service-accounts assumptions ...` (spec 000, 3 and 5)."""

from __future__ import annotations

import json

import click

from prism.cli.context import current
from prism.cli.directory import ORG_OPTION, _list, _org_path, _show, projects, service_accounts
from prism.cli.output import CliError, emit

MATCH_TYPES = {"exact": "MATCH_TYPE_EXACT", "glob": "MATCH_TYPE_GLOB"}


def parse_match(value: str) -> dict:
    """`CLAIM:exact:VALUE` or `CLAIM:glob:PATTERN` (the value may itself contain colons)."""
    claim, _, rest = value.partition(":")
    match, _, expected = rest.partition(":")
    if not claim or match not in MATCH_TYPES or not expected:
        raise CliError(f"--match {value!r} must look like CLAIM:exact:VALUE or CLAIM:glob:PATTERN")
    return {"claim": claim, "match": MATCH_TYPES[match], "value": expected}


def _rule_text(rule: dict) -> str:
    match = {v: k for k, v in MATCH_TYPES.items()}.get(rule.get("match", ""), "?")
    return f"{rule.get('claim')}:{match}:{rule.get('value')}"


@projects.group("openid-configurations")
def openid_configurations() -> None:
    """Outside issuers a project trusts (for assuming its service accounts)."""


@openid_configurations.command("create")
@click.option("--project", required=True, help="Project id.")
@click.option("--name", required=True, help="Configuration id, e.g. org1-trust.")
@click.option("--issuer", required=True, help="Exact iss of the tokens to trust.")
@click.option("--jwks-url", required=True, help="URL of the issuer's JWK Set (https).")
@click.option("--audience", default="", help="Require this aud in presented tokens.")
@click.option("--single-use-jti", is_flag=True, help="Refuse a second use of the same jti.")
@click.option(
    "--max-assertion-age",
    type=click.IntRange(0, 365 * 86400),
    default=0,
    help="Refuse tokens issued longer ago than this many seconds.",
)
@ORG_OPTION
@click.pass_context
def create_configuration(ctx, project, name, issuer, jwks_url, audience, single_use_jti, max_assertion_age, org):
    """Trust tokens of ISSUER, verified with the keys at JWKS_URL."""
    body = {
        "configuration_id": name,
        "issuer": issuer,
        "jwks_url": jwks_url,
        "audience": audience,
        "single_use_jti": single_use_jti,
        "max_assertion_age_seconds": max_assertion_age,
    }
    answer = current(ctx).client().post(f"{_org_path(ctx, org)}/projects/{project}/openidConfigurations", json=body)
    _show(ctx, answer["openid_configuration"], ("configuration_id", "issuer", "jwks_url"))


@openid_configurations.command("list")
@click.option("--project", required=True, help="Project id.")
@ORG_OPTION
@click.pass_context
def list_configurations(ctx, project, org):
    """List a project's trust configurations."""
    _list(
        ctx,
        f"{_org_path(ctx, org)}/projects/{project}/openidConfigurations",
        "openid_configurations",
        ("configuration_id", "issuer", "jwks_url", "audience"),
    )


@openid_configurations.command("delete")
@click.option("--project", required=True, help="Project id.")
@click.option("--name", required=True, help="Configuration id.")
@ORG_OPTION
@click.pass_context
def delete_configuration(ctx, project, name, org):
    """Delete a trust configuration (no assumption method may use it)."""
    current(ctx).client().delete(f"{_org_path(ctx, org)}/projects/{project}/openidConfigurations/{name}")
    if not current(ctx).json:
        click.echo(f"deleted OpenID configuration {name}")


@service_accounts.group("assumptions")
def assumptions() -> None:
    """Who may assume a service account with a token of a trusted issuer."""


def _account(ctx, org, project, account) -> str:
    return f"{_org_path(ctx, org)}/projects/{project}/serviceAccounts/{account}"


@assumptions.command("add-openid-custom")
@click.option("--project", required=True, help="Project id.")
@click.option("--service-account", required=True, help="Service account id.")
@click.option("--configuration", required=True, help="OpenID configuration id of the same project.")
@click.option(
    "--match",
    "matches",
    multiple=True,
    required=True,
    help="CLAIM:exact:VALUE or CLAIM:glob:PATTERN; repeat for more, all must hold.",
)
@ORG_OPTION
@click.pass_context
def add_openid_custom(ctx, project, service_account, configuration, matches, org):
    """Allow tokens of CONFIGURATION's issuer that pass every --match rule."""
    body = {"configuration": configuration, "rules": [parse_match(m) for m in matches]}
    answer = current(ctx).client().post(f"{_account(ctx, org, project, service_account)}/assumptionMethods", json=body)
    method = answer["assumption_method"]
    if current(ctx).json:
        emit(ctx, method)
    else:
        click.echo(
            f"assumption method {method['method_id']} added: {configuration} with "
            + ", ".join(_rule_text(r) for r in method["rules"])
        )


@assumptions.command("list")
@click.option("--project", required=True, help="Project id.")
@click.option("--service-account", required=True, help="Service account id.")
@ORG_OPTION
@click.pass_context
def list_assumptions(ctx, project, service_account, org):
    """List a service account's assumption methods."""
    items = (
        current(ctx)
        .client()
        .list_all(f"{_account(ctx, org, project, service_account)}/assumptionMethods", "assumption_methods")
    )
    rows = [
        {
            "method_id": m["method_id"],
            "configuration": m["configuration"],
            "rules": " & ".join(_rule_text(r) for r in m.get("rules", [])),
        }
        for m in items
    ]
    emit(ctx, {"assumption_methods": items}, rows=rows, columns=("method_id", "configuration", "rules"))


@assumptions.command("remove")
@click.option("--project", required=True, help="Project id.")
@click.option("--service-account", required=True, help="Service account id.")
@click.option("--id", "method_id", required=True, help="Method id (from `assumptions list`).")
@ORG_OPTION
@click.pass_context
def remove_assumption(ctx, project, service_account, method_id, org):
    """Remove an assumption method."""
    current(ctx).client().delete(f"{_account(ctx, org, project, service_account)}/assumptionMethods/{method_id}")
    if not current(ctx).json:
        click.echo(f"removed assumption method {method_id}")


@assumptions.command("explain")
@click.option("--project", required=True, help="Project id.")
@click.option("--service-account", required=True, help="Service account id.")
@click.option("--token", required=True, help="The token someone would present.")
@ORG_OPTION
@click.pass_context
def explain(ctx, project, service_account, token, org):
    """Say, check by check and rule by rule, whether TOKEN would assume the service account."""
    answer = (
        current(ctx)
        .client()
        .post(f"{_account(ctx, org, project, service_account)}:explainAssumption", json={"token": token})
    )
    if current(ctx).json:
        emit(ctx, {**answer, "claims": json.loads(answer.get("claims_json") or "{}")})
        return
    click.echo("ACCEPTED" if answer.get("accepted") else "REFUSED")
    for method in answer.get("methods", []):
        label = method.get("method", "").rsplit("/", 1)[-1] or "-"
        click.echo(
            f"method {label} ({method.get('configuration') or 'no configuration'}): "
            + ("accepted" if method.get("accepted") else "refused")
        )
        for step in method.get("steps", []):
            click.echo(f"  [{'ok' if step.get('passed') else 'FAIL'}] {step.get('check')}: {step.get('detail')}")
