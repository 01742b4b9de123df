"""Database backends for tests: SQLite always; PostgreSQL when PRISM_TEST_DATABASE_URL is set.

Each PostgreSQL use gets a fresh database of its own (created here, dropped afterwards), so runs
never see each other's rows.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
from sqlalchemy.engine import make_url

POSTGRES_ENV = "PRISM_TEST_DATABASE_URL"


BACKENDS_ENV = "PRISM_TEST_BACKENDS"  # e.g. "postgres": CI's choice (README, "Test it")


def backends() -> list[str]:
    """The backends the parametrized tests run on: SQLite, plus PostgreSQL when PRISM_TEST_DATABASE_URL
    is set; PRISM_TEST_BACKENDS (comma-separated) narrows that list."""
    available = ["sqlite", "postgres"] if os.environ.get(POSTGRES_ENV) else ["sqlite"]
    wanted = [b.strip() for b in os.environ.get(BACKENDS_ENV, "").split(",") if b.strip()]
    unknown = sorted(set(wanted) - {"sqlite", "postgres"})
    if unknown or ("postgres" in wanted and "postgres" not in available):
        raise RuntimeError(
            f"{BACKENDS_ENV}={','.join(wanted)}: known are sqlite and postgres (postgres needs {POSTGRES_ENV})"
        )
    return [b for b in available if b in wanted] if wanted else available


def _admin_conninfo(url: str) -> str:
    parsed = make_url(url)
    return parsed.set(drivername="postgresql").render_as_string(hide_password=False)


@contextlib.contextmanager
def fresh_postgres_database() -> Iterator[str]:
    base = os.environ[POSTGRES_ENV]
    name = f"prism_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(_admin_conninfo(base), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield make_url(base).set(database=name).set(drivername="postgresql").render_as_string(hide_password=False)
    finally:
        with psycopg.connect(_admin_conninfo(base), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextlib.contextmanager
def database_url(backend: str, directory: Path) -> Iterator[str | None]:
    """A URL for PRISM_DATABASE_URL: None for SQLite (each component's own file), or a fresh PostgreSQL."""
    if backend == "sqlite":
        yield None
    else:
        with fresh_postgres_database() as url:
            yield url
