"""Fetching trusted issuers' key sets: SSRF rules, limits, caching, refetching, outages."""

from __future__ import annotations

import asyncio

import pytest

from services.token.federation.fetch import FetchFailed, FetchRefused, SafeFetcher, is_public
from services.token.federation.remote_keys import RemoteKeySets
from tests.federation.conftest import assume, explain, trust


@pytest.mark.parametrize(
    ("path_or_url", "expected"),
    [
        ("http://localhost:{port}/jwks", "https only"),
        ("https://127.0.0.1:{port}/jwks", "private or local address"),
        ("https://169.254.169.254/latest/meta-data", "private or local address"),
        ("https://10.1.2.3/jwks", "private or local address"),
        ("https://[::1]:{port}/jwks", "private or local address"),
        ("/redirect-private", "another host"),
        ("/redirect-other-host", "another host"),
        ("/slow", "within 2 s"),
        ("/big", "larger than 65536 bytes"),
        ("/broken", "HTTP 500"),
    ],
)
def test_unsafe_or_failing_key_sets_refuse_the_assumption(federation_suite, target, issuer, path_or_url, expected):
    url = issuer.url(path_or_url) if path_or_url.startswith("/") else path_or_url.format(port=issuer.port)
    canonical = trust(federation_suite, target, url, ["sub:glob:*"])
    answer = assume(federation_suite, target, canonical, issuer.token())
    assert answer.status_code == 401
    assert answer.json()["error"]["message"] == "unauthorized"
    (method,) = explain(federation_suite, target, canonical, issuer.token())["methods"]
    failed = [s for s in method["steps"] if not s["passed"]]
    assert failed[0]["check"] == "key set" and expected in failed[0]["detail"], failed


def test_same_host_redirect_is_followed(federation_suite, target, issuer):
    canonical = trust(federation_suite, target, issuer.url("/redirect-same-host"), ["sub:glob:*"])
    assert assume(federation_suite, target, canonical, issuer.token()).status_code == 200


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("8.8.8.8", True),
        ("2606:4700::1111", True),
        ("127.0.0.1", False),
        ("10.0.0.1", False),
        ("172.16.5.4", False),
        ("192.168.1.1", False),
        ("169.254.169.254", False),
        ("::1", False),
        ("fe80::1", False),
        ("fc00::1", False),
        ("0.0.0.0", False),
        ("224.0.0.1", False),
        ("::ffff:127.0.0.1", False),
        ("100.64.0.1", False),
    ],
)
def test_address_classification(address, public):
    assert is_public(address) is public


@pytest.fixture
def fetcher(issuer):
    return SafeFetcher(
        allowed_hosts=frozenset({"localhost"}), timeout_seconds=2.0, max_bytes=65536, ca_file=str(issuer.ca_file)
    )


async def test_key_sets_are_cached_and_unknown_kids_refetch_at_most_once_per_interval(issuer, fetcher):
    keys = RemoteKeySets(fetcher, own_keys=None, public_url="http://prism.invalid", unknown_kid_interval=0.5)
    url = issuer.url()
    issuer.published = [issuer.key]
    issuer.requests.clear()
    first = await keys.key_set(url, issuer.key.kid)
    await keys.key_set(url, issuer.key.kid)
    assert [k.kid for k in first.keys] == [issuer.key.kid]
    assert issuer.requests == ["/jwks"]  # cached (the server said max-age=300)

    issuer.published = [issuer.key, issuer.other_key]  # the issuer rotates in a new key
    found = await keys.key_set(url, issuer.other_key.kid)
    assert {k.kid for k in found.keys} == {issuer.key.kid, issuer.other_key.kid}
    assert issuer.requests == ["/jwks", "/jwks"]  # one refetch for the unknown kid
    for _ in range(5):
        await keys.key_set(url, "no-such-kid")
    assert len(issuer.requests) == 2  # no further refetch within the interval, however many unknown kids
    await asyncio.sleep(0.6)
    await keys.key_set(url, "no-such-kid")
    await keys.key_set(url, "no-such-kid")
    assert len(issuer.requests) == 3  # one per interval
    await fetcher.close()


async def test_cached_key_set_survives_an_outage_for_a_bounded_time(issuer, fetcher):
    issuer.published = [issuer.key]
    issuer.failing = False
    keys = RemoteKeySets(
        fetcher, own_keys=None, public_url="http://prism.invalid", default_ttl=0, max_ttl=0, stale_limit=3600
    )
    url = issuer.url()
    await keys.key_set(url, issuer.key.kid)
    issuer.failing = True
    try:
        during = await keys.key_set(url, issuer.key.kid)  # stale, but still served
        assert [k.kid for k in during.keys] == [issuer.key.kid]
        strict = RemoteKeySets(
            fetcher, own_keys=None, public_url="http://prism.invalid", default_ttl=0, max_ttl=0, stale_limit=0
        )
        with pytest.raises(FetchFailed):
            await strict.key_set(url, issuer.key.kid)
    finally:
        issuer.failing = False
    await fetcher.close()


async def test_fetcher_refuses_before_connecting(fetcher):
    with pytest.raises(FetchRefused, match="private or local address"):
        await fetcher.fetch("https://169.254.169.254/latest/meta-data")
    with pytest.raises(FetchRefused, match="https only"):
        await fetcher.fetch("http://example.test/jwks")
    with pytest.raises(FetchRefused, match="credentials"):
        await fetcher.fetch("https://user:pass@localhost/jwks")
    await fetcher.close()
