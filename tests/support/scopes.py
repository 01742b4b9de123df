"""Apps' access tokens against Prism's own API (tests/oauth/test_api_scopes*.py).

`ScopesWorld` is a suite with a platform organization (so that its admin may hold admin:config:*),
its admin signed in once in a cookie-keeping browser, an app allowed every scope, a plain user of
the same organization, and a second organization. `token(scope)` runs the real authorization code
flow (consent included) for `openid <scope>` and redeems the code.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

import httpx

from prism.runtime.scopes import KNOWN_SCOPES
from tests.support.directory import OrgAdmin, api, create_org, login
from tests.support.oidc import Browser, RegisteredApp, add_user, code_flow, redeem, register_app


@dataclass
class ScopesWorld:
    suite: object
    admin: OrgAdmin  # admin of the platform organization (a platform admin), with a CLI token
    app: RegisteredApp
    browser: Browser
    user: tuple[str, str, str]  # a plain user of the organization: username, password, user id
    other: OrgAdmin  # the admin of a second organization
    _tokens: dict[str, str] = field(default_factory=dict)

    @property
    def base(self) -> str:
        return f"/api/v1/organizations/{self.admin.slug}"

    def token(self, scope: str) -> str:
        """An access token of the admin for this app with `openid <scope>`, by the code flow."""
        if scope not in self._tokens:
            a = self.admin
            result = code_flow(self.suite, self.browser, self.app, a.username, a.password, scope=f"openid {scope}")
            answer = redeem(self.suite, self.app, result["code"], result["verifier"])
            assert answer.status_code == 200, answer.text
            assert answer.json()["scope"].split() == ["openid", *scope.split()]
            self._tokens[scope] = answer.json()["access_token"]
        return self._tokens[scope]

    def call(self, scope: str, method: str, path: str, **kwargs) -> httpx.Response:
        """`path` relative to the organization (`/teams`) or absolute (`/api/v1/...`), with the scope's token."""
        url = path if path.startswith("/api/") else self.base + path
        return api(self.suite, method, url, self.token(scope), **kwargs)

    def cli(self, method: str, path: str, **kwargs) -> httpx.Response:
        """The same call with the admin's CLI token (Prism's own client: full role rights)."""
        url = path if path.startswith("/api/") else self.base + path
        return api(self.suite, method, url, self.admin, **kwargs)

    def new_user(self) -> str:
        return add_user(self.suite, self.admin)[2]

    def new_team(self) -> str:
        team = f"t{uuid.uuid4().hex[:8]}"
        assert self.cli("POST", "/teams", json={"team_id": team}).status_code == 201
        return team


def start_world(suite) -> ScopesWorld:
    body = {
        "organization": {"display_name": "Platform"},
        "admin_username": "root",
        "admin_password": "root-password-1",
    }
    created = httpx.post(f"{suite.base_url}/api/v1/organizations", json=body, timeout=20)
    assert created.status_code == 201, created.text
    slug = created.json()["organization"]["slug"]
    assert slug == "platform"
    password = body["admin_password"]
    admin = OrgAdmin(slug, "root", password, created.json()["admin"]["user_id"], login(suite, slug, "root", password))
    app = register_app(suite, admin, display_name="Scoped", allowed_scopes=sorted(KNOWN_SCOPES))
    return ScopesWorld(suite, admin, app, Browser(suite), add_user(suite, admin), create_org(suite, "Other"))


def assert_insufficient_scope(response: httpx.Response, scope: str) -> None:
    """RFC 6750 §3.1: 403, `insufficient_scope` naming the missing scope, and the API's JSON error body."""
    assert response.status_code == 403, f"{response.status_code}: {response.text}"
    challenge = response.headers["www-authenticate"]
    assert challenge.startswith('Bearer error="insufficient_scope"'), challenge
    assert f'scope="{scope}"' in challenge, challenge
    error = response.json()["error"]
    assert error["status"] == "PERMISSION_DENIED" and error["reason"] == "INSUFFICIENT_SCOPE", error
    assert error["metadata"] == {"scope": scope} and repr(scope) in error["message"], error


def assert_answers(response: httpx.Response, status: int = 200) -> dict:
    assert response.status_code == status, f"{response.status_code}: {response.text}"
    return response.json()
