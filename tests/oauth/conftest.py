"""The OAuth tests' world: an organization with an app (oidc_fields role, teams, apps), a user, a browser."""

from __future__ import annotations

import pytest

from tests.support.directory import create_org
from tests.support.oidc import Browser, add_user, register_app


@pytest.fixture
def world(suite):
    admin = create_org(suite)
    app = register_app(suite, admin, oidc_fields=["role", "teams", "apps"])  # spec 002: ["role", "teams"]
    username, password, user_id = add_user(suite, admin, display_name="Alice Example")
    browser = Browser(suite)
    yield admin, app, (username, password, user_id), browser
    browser.close()
