"""Helpers for tests that talk to the keys and token services of a running suite."""

from __future__ import annotations

import json

import httpx
from sqlalchemy import create_engine

from prism.runtime.database import sync_url


def access_secret(suite) -> str:
    return (suite.data_dir / "secrets" / "signing-key-access-secret").read_text().strip()


def jwks_kids(suite, slug: str) -> list[str]:
    response = httpx.get(f"{suite.base_url}/api/v1/organizations/{slug}/jwks", timeout=10)
    assert response.status_code == 200, response.text
    return [k["kid"] for k in response.json()["keys"]]


def jwks(suite, slug: str) -> dict:
    return httpx.get(f"{suite.base_url}/api/v1/organizations/{slug}/jwks", timeout=10).json()


def keys_engine(suite):
    url = suite.env.get("PRISM_DATABASE_URL") or f"sqlite:///{suite.data_dir / 'keys.sqlite3'}"
    return create_engine(sync_url(url))


def header(token: str) -> dict:
    import base64

    part = token.split(".")[0]
    return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))
