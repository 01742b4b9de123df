"""Many organizations, fast: rows written straight into the directory's tables, for the scale case.

Creating 10,000 organizations through the API would spend most of its time hashing 10,000 admin
passwords with argon2id (tens of milliseconds each, by design). A benchmark only needs the rows to
exist exactly as the API would have written them, so this writes them in bulk before the suite
starts: each organization with an admin user (one argon2id hash, computed once, shared), and a
confidential app allowed the client_credentials grant whose secret is returned. Signing keys are
not seeded: the keys service creates each organization's ring on first use, as it does in service.

    .venv/bin/python bench/seed.py --data-dir /tmp/prism-scale --count 10000
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import os
import secrets
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

BATCH = 1000


@dataclass(frozen=True)
class SeededOrganization:
    slug: str
    client_id: str
    client_secret: str


def migrate_directory(data_dir: Path, database_url: str | None) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PRISM_")}
    env["PRISM_DATA_DIR"] = str(data_dir)
    if database_url:
        env["PRISM_DATABASE_URL"] = database_url
    subprocess.run(
        [sys.executable, "-m", "prism", "migrate", "directory"], env=env, check=True, cwd=ROOT, capture_output=True
    )


async def _write(url: str, count: int, prefix: str) -> list[SeededOrganization]:
    from prism.runtime import passwords
    from prism.runtime.database import Database
    from services.directory.tables import apps, organizations, users

    password_hash = passwords.hash_password(secrets.token_urlsafe(16))
    now = time.time_ns() // 1000
    seeded: list[SeededOrganization] = []
    database = Database(url)
    try:
        for start in range(0, count, BATCH):
            org_rows, user_rows, app_rows = [], [], []
            for index in range(start, min(start + BATCH, count)):
                slug = f"{prefix}-{index:05d}"
                client_id, secret = secrets.token_urlsafe(18), "prism_cs_" + secrets.token_urlsafe(32)
                stamp = now + index
                org_rows.append({"id": str(uuid.uuid4()), "slug": slug, "display_name": slug, "created_at": stamp})
                user_rows.append(
                    {
                        "id": str(uuid.uuid4()),
                        "organization": slug,
                        "username": "admin",
                        "email": "",
                        "display_name": "admin",
                        "role": "admin",
                        "kind": "local",
                        "password_hash": password_hash,
                        "created_at": stamp,
                    }
                )
                app_rows.append(
                    {
                        "client_id": client_id,
                        "organization": slug,
                        "display_name": "Scale",
                        "description": "",
                        "client_type": "confidential",
                        "secret_digest": hashlib.sha256(secret.encode()).hexdigest(),
                        "settings": {
                            "redirect_uris": [],
                            "allowed_scopes": ["openid"],
                            "oidc_fields": [],
                            "grant_types": ["client_credentials"],
                            "access_token_lifetime_seconds": 0,
                            "refresh_token_lifetime_seconds": 0,
                            "post_logout_redirect_uris": [],
                        },
                        "created_at": stamp,
                        "updated_at": stamp,
                        "owner": None,
                    }
                )
                seeded.append(SeededOrganization(slug, client_id, secret))
            async with database.transaction() as session:
                await session.execute(organizations.insert(), org_rows)
                await session.execute(users.insert(), user_rows)
                await session.execute(apps.insert(), app_rows)
    finally:
        await database.engine.dispose()
    return seeded


def seed(data_dir: Path, database_url: str | None, count: int, prefix: str = "scale") -> list[SeededOrganization]:
    """Migrate the directory's database and write `count` organizations with an app each."""
    migrate_directory(data_dir, database_url)
    url = database_url or f"sqlite:///{data_dir / 'directory.sqlite3'}"
    return asyncio.run(_write(url, count, prefix))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, required=True, help="PRISM_DATA_DIR of the suite to seed")
    parser.add_argument("--database-url", help="PRISM_DATABASE_URL, if not the SQLite files of the data dir")
    parser.add_argument("--count", type=int, default=10_000)
    options = parser.parse_args()
    started = time.perf_counter()
    seeded = seed(options.data_dir, options.database_url, options.count)
    print(f"seeded {len(seeded):,} organizations with an app each in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
