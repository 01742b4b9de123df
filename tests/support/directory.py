"""Organizations with an admin, logins and authorized requests, for tests against a running suite."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import httpx


@dataclass(frozen=True)
class OrgAdmin:
    slug: str
    username: str
    password: str
    user_id: str
    token: str

    @property
    def headers(self) -> dict[str, str]:
        return {"authorization": f"Bearer {self.token}"}

    @property
    def metadata(self) -> tuple[tuple[str, str], ...]:
        return (("authorization", f"Bearer {self.token}"),)


def login(suite, slug: str, username: str, password: str) -> str:
    response = httpx.post(
        f"{suite.base_url}/api/v1/auth/login",
        json={"org": slug, "username": username, "password": password},
        timeout=20,
    )
    assert response.status_code == 200, response.text
    return response.json()["token"]["access_token"]


def create_org(suite, prefix: str = "Org") -> OrgAdmin:
    name = f"{prefix} {uuid.uuid4().hex[:8]}"
    username, password = "admin", f"pw-{uuid.uuid4().hex}"
    response = httpx.post(
        f"{suite.base_url}/api/v1/organizations",
        timeout=20,
        json={"organization": {"display_name": name}, "admin_username": username, "admin_password": password},
    )
    assert response.status_code == 201, response.text
    body = response.json()
    slug = body["organization"]["slug"]
    return OrgAdmin(slug, username, password, body["admin"]["user_id"], login(suite, slug, username, password))


def internal_metadata(suite, component: str = "test") -> tuple[tuple[str, str], ...]:
    secret = (suite.data_dir / "secrets" / "internal-secret").read_text().strip()
    return (("x-prism-internal", secret), ("x-prism-component", component))


def api(suite, method: str, path: str, who: OrgAdmin | str | None = None, **kwargs) -> httpx.Response:
    headers = dict(kwargs.pop("headers", {}))
    if isinstance(who, OrgAdmin):
        headers.update(who.headers)
    elif isinstance(who, str):
        headers["authorization"] = f"Bearer {who}"
    return httpx.request(method, f"{suite.base_url}{path}", headers=headers, timeout=20, **kwargs)
