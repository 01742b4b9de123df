"""Alembic migrations per component.

Each data-owning component keeps its revisions in `services/<component>/migrations/` and its own
version table (`alembic_version_<component>`), so components can share one database or use their
own. On PostgreSQL an advisory lock makes replicas that start together migrate exactly once.
"""

from __future__ import annotations

import contextlib
import fcntl
import zlib
from dataclasses import dataclass

from alembic import command, context
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import MetaData, create_engine, pool, text

from prism.runtime.database import ensure_sqlite_directory, sync_url


@dataclass(frozen=True)
class MigrationResult:
    component: str
    before: str | None
    after: str | None

    @property
    def changed(self) -> bool:
        return self.before != self.after


def version_table(component: str) -> str:
    return f"alembic_version_{component}"


def _config(component: str) -> Config:
    config = Config()
    config.set_main_option("script_location", f"services.{component}:migrations")
    config.attributes["version_table"] = version_table(component)
    return config


def head_revision(component: str) -> str | None:
    return ScriptDirectory.from_config(_config(component)).get_current_head()


def current_revision(connection, component: str) -> str | None:
    migration_context = MigrationContext.configure(connection, opts={"version_table": version_table(component)})
    return migration_context.get_current_revision()


def upgrade(component: str, database_url: str) -> MigrationResult:
    """Bring `component`'s tables in `database_url` to the newest revision."""
    url = sync_url(database_url)
    ensure_sqlite_directory(url)
    with _sqlite_file_lock(url):
        return _upgrade(component, url)


@contextlib.contextmanager
def _sqlite_file_lock(url):
    """Replicas on one SQLite file migrate one after the other (PostgreSQL uses an advisory lock)."""
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        yield
        return
    with open(f"{url.database}.migrate-lock", "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _upgrade(component: str, url) -> MigrationResult:
    engine = create_engine(url, poolclass=pool.NullPool)
    try:
        with engine.connect() as connection:
            postgres = connection.dialect.name == "postgresql"
            lock_key = zlib.crc32(f"prism-migrate-{component}".encode())
            if postgres:
                connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": lock_key})
                connection.commit()
            try:
                before = current_revision(connection, component)
                config = _config(component)
                config.attributes["connection"] = connection
                command.upgrade(config, "head")
                connection.commit()
                after = current_revision(connection, component)
            finally:
                if postgres:
                    connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": lock_key})
                    connection.commit()
    finally:
        engine.dispose()
    return MigrationResult(component, before, after)


def run_env(metadata: MetaData) -> None:
    """Body of every component's `migrations/env.py` (online mode, on the connection given)."""
    config = context.config
    connection = config.attributes["connection"]
    context.configure(
        connection=connection,
        target_metadata=metadata,
        version_table=config.attributes["version_table"],
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()
