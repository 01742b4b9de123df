"""`prism sso-providers create|list|get|update|delete`: an organization's own SSO providers (admins).

A provider is given with options, or read from a spec 001 `authProviders.config.yml` with
`--from-file FILE --provider NAME` (its `${VAR}` placeholders are filled from the environment, which
keeps the client secret off the command line); options given beside the file override its values.
The client secret is write only: Prism shows only whether one is set.

A SAML provider (`--type saml`, or a `type: saml` block of the file) takes `--idp-metadata FILE` (the
IdP's metadata XML), or `--entry-point URL` and `--idp-cert FILE` (its signing certificate, PEM); the
directory checks them as the platform's file is checked, and says what is wrong.
"""

from __future__ import annotations

import click

from prism.cli.context import current
from prism.cli.directory import ORG_OPTION, _list, _org_path
from prism.cli.output import CliError, emit

COLUMNS = ("slug", "type", "label", "email_patterns", "client_id", "client_secret_set")
DETAILS = (
    *COLUMNS,
    "authorization_endpoint",
    "token_endpoint",
    "jwks_uri",
    "scopes",
    "issuer",
    "attributes_mapping",
    "icon",
    "entry_point",
    "idp_entity_id",
    "sp_entity_id",
    "audience",
    "idp_certificates",
    "create_time",
)
# option name -> field of SsoProvider, for the fields a file or an option may give
FIELDS = {
    "client_id": "client_id",
    "client_secret": "client_secret",
    "authorization_endpoint": "authorization_endpoint",
    "token_endpoint": "token_endpoint",
    "jwks_uri": "jwks_uri",
    "issuer": "issuer",
    "scopes": "scopes",
    "label": "label",
    "icon": "icon",
    "type": "type",
    "entry_point": "entry_point",
    "idp_entity_id": "idp_entity_id",
    "sp_entity_id": "sp_entity_id",
    "audience": "audience",
}
REQUIRED = ("client_id", "client_secret", "authorization_endpoint", "token_endpoint", "jwks_uri")


def _path(ctx: click.Context, org: str | None, slug: str | None = None) -> str:
    path = f"{_org_path(ctx, org)}/ssoProviders"
    return f"{path}/{slug}" if slug else path


def _options(function):
    for option in reversed(
        [
            click.option("--client-id", default=None, help="OAuth client id at the provider."),
            click.option("--client-secret", default=None, help="OAuth client secret at the provider (write only)."),
            click.option("--authorization-endpoint", default=None, metavar="URL"),
            click.option("--token-endpoint", default=None, metavar="URL"),
            click.option("--jwks-uri", default=None, metavar="URL", help="The provider's public keys."),
            click.option("--issuer", default=None, metavar="URL", help="Expected iss of its ID tokens."),
            click.option("--scopes", default=None, help='Scopes asked for (default "openid email").'),
            click.option("--label", default=None, help="Sign-in button text (default: the slug)."),
            click.option("--icon", default=None, metavar="URL", help="Sign-in button icon."),
            click.option("--type", type=click.Choice(["oidc", "saml"]), default=None, help="Default oidc."),
            click.option(
                "--idp-metadata",
                type=click.Path(exists=True, dir_okay=False),
                default=None,
                help="SAML: the IdP's metadata XML file (gives its SSO URL, certificate and entity id).",
            ),
            click.option("--entry-point", default=None, metavar="URL", help="SAML: the IdP's SSO URL (Redirect)."),
            click.option(
                "--idp-cert",
                "idp_certs",
                multiple=True,
                type=click.Path(exists=True, dir_okay=False),
                help="SAML: a file with the IdP's signing certificate, PEM (repeatable, for a rollover).",
            ),
            click.option("--idp-entity-id", default=None, help="SAML: the IdP's entity id (Issuer of assertions)."),
            click.option("--sp-entity-id", default=None, help="SAML: Prism's entity id at the IdP (spec's issuer)."),
            click.option("--audience", default=None, help="SAML: the audience of assertions (default: entity id)."),
            click.option(
                "--email-pattern",
                "email_patterns",
                multiple=True,
                help="People whose email matches go to this provider: *@acme.com, *@*.acme.com (repeatable).",
            ),
            click.option(
                "--map",
                "mappings",
                multiple=True,
                metavar="FIELD=CLAIM",
                help="attributesMapping: firstName, lastName or email = the provider's claim (repeatable).",
            ),
            click.option(
                "--from-file",
                type=click.Path(exists=True, dir_okay=False),
                default=None,
                help="Read the provider from an authProviders.config.yml (spec 001 format).",
            ),
            click.option("--provider", default=None, help="Name of the provider in --from-file."),
        ]
    ):
        function = option(function)
    return function


def _from_file(path: str, name: str | None) -> dict:
    """The provider `name` of the file (or its only provider), as SsoProvider fields."""
    from services.token.upstream.config import ProvidersConfigError, load_providers

    try:
        providers = load_providers(path)
    except ProvidersConfigError as exc:
        raise CliError(str(exc)) from None
    if name is None and len(providers) == 1:
        name = next(iter(providers))
    if name is None:
        raise click.UsageError(f"{path} has several providers; name one with --provider ({', '.join(providers)})")
    if name not in providers:
        raise CliError(f"{path} has no provider {name!r} (it has: {', '.join(providers) or 'none'})")
    p = providers[name]
    if p.type == "saml":
        return {
            "slug": p.slug,
            "type": p.type,
            "label": p.label,
            "icon": p.icon,
            "entry_point": p.entry_point,
            "idp_certificates": list(p.idp_certs),
            "idp_entity_id": p.idp_entity_id,
            "sp_entity_id": p.sp_entity_id,
            "audience": p.audience,
            "attributes_mapping": dict(p.mapping),
        }
    return {
        "slug": p.slug,
        "type": p.type,
        "label": p.label,
        "icon": p.icon,
        "client_id": p.client_id,
        "client_secret": p.client_secret,
        "authorization_endpoint": p.authorization_endpoint,
        "token_endpoint": p.token_endpoint,
        "jwks_uri": p.jwks_uri,
        "scopes": p.scopes,
        "issuer": p.issuer,
        "attributes_mapping": dict(p.mapping),
    }


def _read(path: str, option: str) -> str:
    try:
        with open(path, encoding="utf-8") as file:
            return file.read()
    except (OSError, UnicodeDecodeError) as exc:
        raise click.BadParameter(f"cannot read {path}: {exc}", param_hint=option) from None


def _body(
    from_file: str | None, provider: str | None, email_patterns, mappings, idp_metadata, idp_certs, **options
) -> dict:
    """SsoProvider fields from the file (if any), then from the options given."""
    body = _from_file(from_file, provider) if from_file else {}
    if provider and not from_file:
        raise click.UsageError("--provider names a provider of --from-file; give --from-file too")
    if idp_metadata:
        body["idp_metadata"] = _read(idp_metadata, "--idp-metadata")
    if idp_certs:
        body["idp_certificates"] = [_read(path, "--idp-cert") for path in idp_certs]
    for option, value in options.items():
        if value is not None:
            body[FIELDS[option]] = value
    if email_patterns:
        body["email_patterns"] = list(email_patterns)
    if mappings:
        mapping = {}
        for entry in mappings:
            key, sep, claim = entry.partition("=")
            if not sep or not key.strip() or not claim.strip():
                raise click.BadParameter(
                    f"{entry!r} is not FIELD=CLAIM (e.g. firstName=given_name)", param_hint="--map"
                )
            mapping[key.strip()] = claim.strip()
        body["attributes_mapping"] = {**body.get("attributes_mapping", {}), **mapping}
    return body


def _show(ctx: click.Context, provider: dict) -> None:
    if current(ctx).json:
        emit(ctx, provider)
        return
    emit(ctx, {c: _text(provider.get(c, "")) for c in DETAILS})


def _text(value) -> str:
    if isinstance(value, list):
        return ", ".join(value)
    if isinstance(value, dict):
        return ", ".join(f"{k}={v}" for k, v in sorted(value.items()))
    return str(value)


@click.group("sso-providers")
def sso_providers() -> None:
    """The organization's own SSO providers (organization SSO, spec 001; admins)."""


@sso_providers.command("create")
@click.option("--slug", default=None, help="Provider slug, used in URLs (default: --provider of --from-file).")
@_options
@ORG_OPTION
@click.pass_context
def create(ctx, slug, org, **options):
    """Add an OpenID Connect or SAML provider to the organization."""
    body = _body(**options)
    if slug is not None:
        body["slug"] = slug
    required = ("slug",) if body.get("type") == "saml" else ("slug", *REQUIRED)  # SAML: the directory says what
    missing = [name for name in required if not body.get(name)]
    if missing:
        flags = ", ".join("--" + name.replace("_", "-") for name in missing)
        raise click.UsageError(f"missing {flags} (or read the provider with --from-file FILE --provider NAME)")
    _show(ctx, current(ctx).client().post(_path(ctx, org), json=body)["sso_provider"])


@sso_providers.command("list")
@ORG_OPTION
@click.pass_context
def list_providers(ctx, org):
    """List the organization's SSO providers."""
    _list(ctx, _path(ctx, org), "sso_providers", COLUMNS)


@sso_providers.command("get")
@click.argument("slug")
@ORG_OPTION
@click.pass_context
def get(ctx, slug, org):
    """Show an SSO provider (never its client secret)."""
    _show(ctx, current(ctx).client().get(_path(ctx, org, slug))["sso_provider"])


@sso_providers.command("update")
@click.argument("slug")
@_options
@click.option("--no-email-patterns", is_flag=True, help="Remove every email pattern.")
@ORG_OPTION
@click.pass_context
def update(ctx, slug, no_email_patterns, org, **options):
    """Change the given fields of an SSO provider.

    --email-pattern replaces the whole list; --map replaces the mapping (fields it leaves out take
    their defaults: email=email, firstName=given_name, lastName=family_name).
    """
    body = _body(**options)
    body.pop("slug", None)  # the slug is fixed; the file's provider may be named otherwise
    body.pop("type", None)
    if no_email_patterns:
        if options["email_patterns"]:
            raise click.UsageError("--no-email-patterns and --email-pattern contradict each other")
        body["email_patterns"] = []
    if not body:
        raise click.UsageError("nothing to change: pass at least one option")
    answer = (
        current(ctx).client().request("PATCH", _path(ctx, org, slug), params={"update_mask": ",".join(body)}, json=body)
    )
    _show(ctx, answer["sso_provider"])


@sso_providers.command("delete")
@click.argument("slug")
@ORG_OPTION
@click.pass_context
def delete(ctx, slug, org):
    """Remove an SSO provider (the accounts it made stay)."""
    current(ctx).client().delete(_path(ctx, org, slug))
    if not current(ctx).json:
        click.echo(f"deleted SSO provider {slug}")
