"""How the CLI prints: tables for people, JSON for scripts, one clear line for errors."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import click


class CliError(click.ClickException):
    """An error the CLI reports as one line on stderr with exit code 1."""

    def show(self, file=None) -> None:
        click.echo(f"error: {self.message}", err=True)


def emit(
    ctx: click.Context, data: Any, *, columns: Sequence[str] | None = None, rows: Sequence[dict] | None = None
) -> None:
    if ctx.obj.get("output") == "json":
        click.echo(json.dumps(data, indent=2, sort_keys=True))
        return
    if rows is not None and columns:
        table(rows, columns)
    elif isinstance(data, dict):
        width = max((len(k) for k in data), default=0)
        for key, value in data.items():
            click.echo(f"{key:<{width}}  {value}")
    else:
        click.echo(str(data))


def table(rows: Sequence[dict], columns: Sequence[str]) -> None:
    if not rows:
        click.echo("(none)")
        return
    cells = [[_cell(row.get(c, "")) for c in columns] for row in rows]
    widths = [max(len(c), *(len(r[i]) for r in cells)) for i, c in enumerate(columns)]
    click.echo("  ".join(c.upper().ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip())
    for r in cells:
        click.echo("  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)).rstrip())


def _cell(value: Any) -> str:
    if isinstance(value, dict | list):
        return json.dumps(value, separators=(",", ":"))
    return str(value)


def progress(message: str) -> None:
    """A progress line on stderr, so `--output json` stays parseable on stdout."""
    click.echo(message, err=True)
