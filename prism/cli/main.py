"""`prism`: run the suite, migrate its databases, and manage it from the command line."""

from __future__ import annotations

import click

from prism.cli.audit import audit
from prism.cli.keys import keys
from prism.cli.serve import migrate, serve


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
    help="Prism server URL (default http://127.0.0.1:8080, or PRISM_SERVER).",
)
@click.version_option(package_name="prism-idp", prog_name="prism")
@click.pass_context
def cli(ctx: click.Context, output: str, server: str | None) -> None:
    """Prism: a multi-tenant OAuth 2.0 / OpenID Connect identity provider."""
    ctx.ensure_object(dict)
    ctx.obj["output"] = output
    ctx.obj["server"] = server


cli.add_command(serve)
cli.add_command(migrate)
cli.add_command(audit)
cli.add_command(keys)


def main() -> None:
    cli(obj={})
