"""A suite whose directory asks a local DNS server (tests/support/dns_server.py) for TXT proofs."""

from __future__ import annotations

import pytest

from tests.support.databases import database_url
from tests.support.dns_server import DnsServer
from tests.support.suite import start_suite


@pytest.fixture(scope="session")
def dns_server():
    with DnsServer() as server:
        yield server


@pytest.fixture(scope="session")
def profile_suite(backend, tmp_path_factory, dns_server):
    directory = tmp_path_factory.mktemp(f"profile-{backend}")
    with database_url(backend, directory) as url:
        env = {"PRISM_DNS_NAMESERVERS": dns_server.address, "PRISM_DNS_TIMEOUT_SECONDS": "2"}
        running = start_suite(directory, database_url=url, extra_env=env)
        yield running
        running.stop()
