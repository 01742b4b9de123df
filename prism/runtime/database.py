"""One SQLAlchemy engine per component, from its database URL.

Users write plain URLs (`postgresql://…`, `sqlite:///path`); this module picks the drivers:
psycopg 3 for PostgreSQL (sync for migrations, async for serving) and aiosqlite for SQLite.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine

from prism.runtime.errors import Unavailable

if TYPE_CHECKING:
    from prism.runtime.settings import ServiceSettings


def _normalize(url: str, *, asynchronous: bool) -> URL:
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    if backend in ("postgresql", "postgres"):
        return parsed.set(drivername="postgresql+psycopg")
    if backend == "sqlite":
        return parsed.set(drivername="sqlite+aiosqlite" if asynchronous else "sqlite")
    raise ValueError(f"unsupported database URL scheme {parsed.drivername!r}: use postgresql:// or sqlite://")


def sync_url(url: str) -> URL:
    return _normalize(url, asynchronous=False)


def async_url(url: str) -> URL:
    return _normalize(url, asynchronous=True)


def upsert_insert(session: AsyncSession, table):
    """An INSERT that takes ON CONFLICT clauses, in the dialect of the session's database."""
    from sqlalchemy.dialects import postgresql, sqlite

    dialect = session.get_bind().dialect.name
    return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(table)


def is_sqlite(url: str | URL) -> bool:
    return make_url(str(url) if isinstance(url, URL) else url).get_backend_name() == "sqlite"


def ensure_sqlite_directory(url: str | URL) -> None:
    parsed = make_url(url) if isinstance(url, str) else url
    if parsed.get_backend_name() == "sqlite" and parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)


def install_sqlite_pragmas(sync_engine) -> None:
    """WAL lets readers run beside the writer; busy_timeout makes writers queue instead of failing."""

    @event.listens_for(sync_engine, "connect")
    def _pragmas(dbapi_connection, _record):  # pragma: no cover - trivial
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()


class Database:
    """A component's async engine and the one way to open a transaction on it."""

    def __init__(self, url: str, *, pool_size: int = 10, max_overflow: int = 10) -> None:
        target = async_url(url)
        ensure_sqlite_directory(target)
        kwargs = (
            {}
            if target.get_backend_name() == "sqlite"
            else {"pool_size": pool_size, "max_overflow": max_overflow, "pool_pre_ping": True}
        )
        self.engine: AsyncEngine = create_async_engine(target, **kwargs)
        self.is_sqlite = target.get_backend_name() == "sqlite"
        if self.is_sqlite:
            install_sqlite_pragmas(self.engine.sync_engine)
        self._sessions = async_sessionmaker(self.engine, expire_on_commit=False)

    @classmethod
    def from_settings(cls, settings: ServiceSettings) -> Database:
        """The component's database: its URL and its PRISM_DATABASE_POOL_SIZE / _MAX_OVERFLOW."""
        return cls(
            settings.database_url_resolved(),
            pool_size=settings.database_pool_size,
            max_overflow=settings.database_max_overflow,
        )

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncSession]:
        """A session inside one transaction: committed on success, rolled back on any error."""
        try:
            async with self._sessions() as session, session.begin():
                yield session
        except (OSError, ConnectionError) as exc:
            raise Unavailable("the database is unavailable", debug=repr(exc)) from exc

    async def close(self) -> None:
        await self.engine.dispose()
