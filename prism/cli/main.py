"""`prism`: run the suite, migrate its databases, and manage it from the command line."""

from __future__ import annotations

import click

from prism.cli import federation  # noqa: F401 - adds its commands to `projects` and `service-accounts`
from prism.cli.apps import apps
from prism.cli.audit import audit
from prism.cli.auth import auth
from prism.cli.context import CliContext
from prism.cli.directory import organizations, projects, service_accounts, teams
from prism.cli.invitations import invitations
from prism.cli.keys import keys
from prism.cli.profile_resources import domains, gpg_keys
from prism.cli.profiles import DEFAULT_PROFILE
from prism.cli.serve import migrate, serve
from prism.cli.site_settings import site_settings, stepup
from prism.cli.sso_providers import sso_providers
from prism.cli.users import users
from prism.cli.webhooks import webhooks


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option(
    "--output",
    "-o",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help="How results are printed.",
)
@click.option(
    "--server",
    envvar="PRISM_SERVER",
    default=None,
    metavar="URL",
    help="Prism server URL (default: the profile's, else http://127.0.0.1:8080; or PRISM_SERVER).",
)
@click.option(
    "--profile",
    envvar="PRISM_PROFILE",
    default=DEFAULT_PROFILE,
    show_default=True,
    help="Named profile holding a server and a login (or PRISM_PROFILE).",
)
@click.version_option(package_name="prism-idp", prog_name="prism")
@click.pass_context
def cli(ctx: click.Context, output: str, server: str | None, profile: str) -> None:
    """Prism: a multi-tenant OAuth 2.0 / OpenID Connect identity provider."""
    ctx.ensure_object(dict)
    ctx.obj["output"] = output
    ctx.obj["server"] = server
    ctx.obj["cli"] = CliContext(output, server, profile)


COMMANDS = (
    serve,
    migrate,
    organizations,
    auth,
    projects,
    service_accounts,
    users,
    teams,
    invitations,
    apps,
    keys,
    audit,
    site_settings,
    sso_providers,
    stepup,
    domains,
    gpg_keys,
    webhooks,
)
for command in COMMANDS:
    cli.add_command(command)


def main() -> None:
    cli(obj={})
