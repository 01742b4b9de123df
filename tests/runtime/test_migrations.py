"""Migrations create each component's tables, on SQLite and on PostgreSQL, and are idempotent."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from sqlalchemy import create_engine, inspect

from prism.runtime.components import DATA_OWNERS
from prism.runtime.database import sync_url
from prism.runtime.migrations import head_revision
from tests.support.databases import database_url

EXPECTED_TABLES = {
    "directory": {"directory_organizations", "directory_audit_events", "alembic_version_directory"},
    "keys": {"keys_rings", "keys_signing_keys", "keys_audit_events", "alembic_version_keys"},
    "token": {"token_audit_events", "alembic_version_token"},
    "stepup": {"stepup_audit_events", "alembic_version_stepup"},
    "webhooks": {"webhooks_webhooks", "webhooks_deliveries", "webhooks_audit_events", "alembic_version_webhooks"},
}


def _migrate(env: dict[str, str]) -> dict:
    result = subprocess.run(
        [sys.executable, "-m", "prism", "--output", "json", "migrate"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def _env(tmp_path, url: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PRISM_")}
    env["PRISM_DATA_DIR"] = str(tmp_path / "data")
    if url:
        env["PRISM_DATABASE_URL"] = url
    return env


def test_migrate_creates_every_components_tables(backend, tmp_path):
    with database_url(backend, tmp_path) as url:
        env = _env(tmp_path, url)
        first = _migrate(env)
        assert {m["component"] for m in first["migrations"]} == {c.name for c in DATA_OWNERS}
        for migration in first["migrations"]:
            assert migration["changed"] is True
            assert migration["to"] == head_revision(migration["component"])

        for component in DATA_OWNERS:
            target = url or f"sqlite:///{tmp_path / 'data' / f'{component.name}.sqlite3'}"
            engine = create_engine(sync_url(target))
            try:
                tables = set(inspect(engine).get_table_names())
            finally:
                engine.dispose()
            assert EXPECTED_TABLES[component.name] <= tables, (component.name, tables)
            if url:  # one shared database: a component's tables are exactly its own prefix
                assert all(t.startswith(("alembic_version_",)) or t.split("_")[0] in EXPECTED_TABLES for t in tables)

        second = _migrate(env)
        assert all(m["changed"] is False for m in second["migrations"])


def test_component_database_url_overrides_the_shared_one(tmp_path):
    env = _env(tmp_path, None)
    own = tmp_path / "elsewhere" / "keys.db"
    env["PRISM_KEYS_DATABASE_URL"] = f"sqlite:///{own}"
    result = subprocess.run(
        [sys.executable, "-m", "prism", "migrate", "keys"], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    engine = create_engine(f"sqlite:///{own}")
    try:
        assert "keys_audit_events" in inspect(engine).get_table_names()
    finally:
        engine.dispose()
    assert not (tmp_path / "data" / "keys.sqlite3").exists()


@pytest.mark.parametrize("url", ["mysql://x/y", "not a url"])
def test_unsupported_database_url_is_a_clear_error(tmp_path, url):
    env = _env(tmp_path, url)
    result = subprocess.run(
        [sys.executable, "-m", "prism", "migrate", "token"], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1].startswith("error: migrating token failed:")
    assert "Traceback" not in result.stderr


def test_replicas_migrating_together_do_not_collide(backend, tmp_path):
    """Several processes migrating one empty database at once (replicas starting together) all succeed."""
    with database_url(backend, tmp_path) as url:
        env = _env(tmp_path, url)
        processes = [
            subprocess.Popen(
                [sys.executable, "-m", "prism", "migrate", "directory"],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(6)
        ]
        results = [(p.wait(timeout=120), p.stderr.read()) for p in processes]
        for code, stderr in results:
            assert code == 0, stderr
            assert "already exists" not in stderr
