"""The world of the step-up tests: an organization of the MFA suite, its enrolled admin with ten
backup codes, an app, and a user agent; and the platform admin who changes the site settings."""

from __future__ import annotations

import pytest

from tests.support import mfa
from tests.support.directory import api
from tests.support.oidc import Browser, register_app


@pytest.fixture
def world(mfa_suite):
    admin = mfa.create_enrolled_org(mfa_suite, "Bank")
    codes = api(
        mfa_suite,
        "POST",
        f"/api/v1/organizations/{admin.slug}/users/{admin.user_id}:regenerateBackupCodes",
        admin.token,
        json={},
    ).json()["codes"]
    app = register_app(mfa_suite, admin, display_name="Payments")
    browser = Browser(mfa_suite)
    yield mfa_suite, admin, app, codes, browser
    browser.close()


@pytest.fixture(scope="session")
def platform_admin(mfa_suite):
    """An admin of PRISM_PLATFORM_ORGANIZATION (`platform`): they change the site settings (once per suite)."""
    return mfa.create_enrolled_org(mfa_suite, "Platform", exact=True)
