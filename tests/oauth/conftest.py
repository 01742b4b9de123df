"""The OAuth tests' world: an organization with an app (oidc_fields role, teams, apps), a user, a browser."""

from __future__ import annotations

import pytest

from tests.support.databases import database_url
from tests.support.directory import create_org
from tests.support.oidc import Browser, add_user, register_app
from tests.support.scopes import start_world
from tests.support.suite import start_suite


@pytest.fixture
def world(suite):
    admin = create_org(suite)
    app = register_app(suite, admin, oidc_fields=["role", "teams", "apps"])  # spec 002: ["role", "teams"]
    username, password, user_id = add_user(suite, admin, display_name="Alice Example")
    browser = Browser(suite)
    yield admin, app, (username, password, user_id), browser
    browser.close()


@pytest.fixture(scope="session")
def scopes_world(backend, tmp_path_factory):
    """Apps' tokens against Prism's API (test_api_scopes*.py): a suite whose platform organization has an app
    allowed every scope (tests/support/scopes.py)."""
    directory = tmp_path_factory.mktemp(f"scopes-{backend}")
    with database_url(backend, directory) as url:
        running = start_suite(directory, database_url=url, extra_env={"PRISM_PLATFORM_ORGANIZATION": "platform"})
        try:
            world = start_world(running)
            yield world
            world.browser.close()
        finally:
            running.stop()
