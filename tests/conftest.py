"""The one fixture that starts the suite, parametrized over the database backends."""

from __future__ import annotations

import contextlib

import pytest

from tests.support import mfa
from tests.support.databases import backends, database_url
from tests.support.suite import Suite, start_suite


@pytest.fixture(scope="session", params=backends())
def backend(request) -> str:
    return request.param


@pytest.fixture(scope="session")
def suite(backend, tmp_path_factory) -> Suite:
    """The whole suite as separate processes, shared by the tests of a session (one per backend)."""
    directory = tmp_path_factory.mktemp(f"suite-{backend}")
    with database_url(backend, directory) as url:
        running = start_suite(directory, database_url=url)
        yield running
        running.stop()


@pytest.fixture
def start_prism(tmp_path, backend):
    """Starts a private suite for a test that disturbs it (kills processes, changes settings)."""
    started: list[Suite] = []
    with contextlib.ExitStack() as stack:

        def start(**kwargs) -> Suite:
            url = stack.enter_context(database_url(backend, tmp_path))
            running = start_suite(tmp_path / f"suite{len(started)}", database_url=url, **kwargs)
            started.append(running)
            return running

        yield start
        for running in started:
            running.stop()


@pytest.fixture(scope="session")
def mfa_suite(tmp_path_factory, backend):
    """A suite with the product's default MFA_FORCE_LOCAL=true (the shared `suite` turns it off)."""
    directory = tmp_path_factory.mktemp(f"mfa-{backend}")
    with database_url(backend, directory) as url:
        env = {**mfa.MFA_ON, "PRISM_PLATFORM_ORGANIZATION": "platform"}  # site settings: tests/stepup
        running = start_suite(directory, database_url=url, extra_env=env)
        yield running
        running.stop()
