"""A suite with the product's default MFA_FORCE_LOCAL=true (the shared suite turns it off)."""

from __future__ import annotations

import pytest

from tests.support import mfa
from tests.support.databases import database_url
from tests.support.suite import start_suite


@pytest.fixture(scope="session")
def mfa_suite(tmp_path_factory, backend):
    directory = tmp_path_factory.mktemp(f"mfa-{backend}")
    with database_url(backend, directory) as url:
        running = start_suite(directory, database_url=url, extra_env=mfa.MFA_ON)
        yield running
        running.stop()
