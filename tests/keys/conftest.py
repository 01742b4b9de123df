"""In-process key rings on a real database (SQLite, and PostgreSQL when configured) with a manual clock."""

from __future__ import annotations

import pytest

from prism.runtime import migrations
from prism.runtime.audit import AuditOutbox
from prism.runtime.database import Database
from prism.runtime.errors import NotFound
from prism.runtime.service_app import Transactions
from services.keys import tables
from services.keys.encryption import KeyEncryption
from services.keys.keyring import RotationPolicy
from services.keys.repository import SqlKeyRingRepository
from services.keys.usecases import KeyDefaults, KeyRings
from tests.support.clock import ManualClock
from tests.support.databases import database_url

MARGIN = 600  # seconds a new key is published before it signs
MAX_AGE = 3600  # ACCESS_TOKENS_MAX_AGE
GRACE = 60
ROTATION = 86400
KNOWN_ORGANIZATIONS = {"org-a", "org-b"}


async def known_organization(slug: str) -> None:
    if slug not in KNOWN_ORGANIZATIONS:
        raise NotFound(f"organization {slug!r} does not exist")


@pytest.fixture
async def keys_database(backend, tmp_path):
    with database_url(backend, tmp_path) as url:
        url = url or f"sqlite:///{tmp_path / 'keys.sqlite3'}"
        migrations.upgrade("keys", url)
        database = Database(url)
        yield url, database
        await database.close()


def make_rings(database: Database, clock: ManualClock, algorithm: str = "RS256", kek: bytes = b"k" * 32) -> KeyRings:
    return KeyRings(
        Transactions(database, AuditOutbox(tables.audit_events, "keys")),
        SqlKeyRingRepository(),
        KeyEncryption(kek),
        RotationPolicy.of(ROTATION, MARGIN, MAX_AGE, GRACE),
        KeyDefaults(algorithm, 2048),
        clock,
        known_organization,
    )


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def rings(keys_database, clock) -> KeyRings:
    return make_rings(keys_database[1], clock)
