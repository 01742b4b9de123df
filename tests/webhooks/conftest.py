"""A suite whose webhooks service may POST to http://127.0.0.1 (the test receivers) and retries fast."""

from __future__ import annotations

import pytest

from tests.support.databases import database_url
from tests.support.receiver import start_receiver
from tests.support.suite import start_suite

WEBHOOKS_ENV = {
    "PRISM_WEBHOOKS_ALLOWED_HOSTS": "127.0.0.1",  # the receivers listen on loopback
    "PRISM_WEBHOOKS_ALLOW_HTTP": "true",
    "PRISM_WEBHOOKS_POLL_SECONDS": "0.2",
    "PRISM_WEBHOOKS_RETRY_BASE_SECONDS": "0.3",
    "PRISM_WEBHOOKS_TIMEOUT_SECONDS": "2",
    "PRISM_WEBHOOKS_MAX_ATTEMPTS": "4",
}


@pytest.fixture(scope="module")
def webhooks_suite(backend, tmp_path_factory):
    directory = tmp_path_factory.mktemp(f"webhooks-{backend}")
    with database_url(backend, directory) as url:
        running = start_suite(directory, database_url=url, extra_env=WEBHOOKS_ENV)
        yield running
        running.stop()


@pytest.fixture
def receiver():
    running = start_receiver()
    yield running
    running.close()
