"""Fetching a remote JWK Set without becoming a proxy into the private network (SSRF).

- https only; at most 3 redirects, each to the same host;
- the address actually connected to is checked after resolution (prism.runtime.outbound, shared
  with webhook deliveries): private and local addresses are refused, unless the host is listed in
  PRISM_FEDERATION_ALLOWED_HOSTS (on-premise issuers);
- 2 s for the whole fetch, 64 KiB at most.
"""

from __future__ import annotations

import asyncio
import re
import ssl
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import httpcore

from prism.runtime.outbound import AddressRefused, GuardedBackend, HostUnresolved, is_public

__all__ = ["FetchFailed", "FetchRefused", "Fetched", "SafeFetcher", "is_public"]

MAX_REDIRECTS = 3

FetchRefused = AddressRefused  # the URL or an address it leads to is not allowed; the message says which rule


class FetchFailed(Exception):
    """The key set could not be fetched (timeout, HTTP error, too large, not JSON)."""


ALLOW_SETTING = "PRISM_FEDERATION_ALLOWED_HOSTS"


@dataclass(frozen=True)
class Fetched:
    body: bytes
    max_age: int | None  # from Cache-Control, when the server gave one


_MAX_AGE = re.compile(r"(?:^|,)\s*max-age\s*=\s*(\d+)", re.IGNORECASE)


class SafeFetcher:
    def __init__(
        self, *, allowed_hosts: frozenset[str], timeout_seconds: float, max_bytes: int, ca_file: str | None = None
    ) -> None:
        context = ssl.create_default_context(cafile=ca_file) if ca_file else ssl.create_default_context()
        if ca_file:  # on-premise trust anchors come on top of the system's
            context.load_default_certs()
        self.allowed_hosts = frozenset(h.lower() for h in allowed_hosts)
        self.timeout = timeout_seconds
        self.max_bytes = max_bytes
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=context,
            network_backend=GuardedBackend(httpcore.AnyIOBackend(), self.allowed_hosts, ALLOW_SETTING),
            max_connections=50,
            keepalive_expiry=30,
        )

    async def fetch(self, url: str) -> Fetched:
        try:
            async with asyncio.timeout(self.timeout):
                return await self._follow(url)
        except TimeoutError:
            raise FetchFailed(f"no answer from {urlsplit(url).hostname} within {self.timeout:g} s") from None

    async def _follow(self, url: str) -> Fetched:
        origin_host = urlsplit(url).hostname
        for _ in range(MAX_REDIRECTS + 1):
            parts = urlsplit(url)
            if parts.scheme != "https":
                raise FetchRefused(f"key sets are fetched over https only, not {parts.scheme or 'no scheme'}")
            if parts.hostname != origin_host:
                raise FetchRefused(f"redirect from {origin_host} to another host ({parts.hostname}) refused")
            if parts.username or parts.password:
                raise FetchRefused("credentials in the URL are not allowed")
            try:
                status, headers, body = await self._get(url)
            except (FetchRefused, FetchFailed):
                raise
            except HostUnresolved as exc:
                raise FetchFailed(str(exc)) from None
            except (httpcore.TimeoutException, TimeoutError):
                raise FetchFailed(f"no answer from {parts.hostname} within {self.timeout:g} s") from None
            except (httpcore.NetworkError, httpcore.ProtocolError, OSError, ssl.SSLError) as exc:
                raise FetchFailed(f"cannot fetch {url}: {exc}") from None
            if status in (301, 302, 303, 307, 308):
                location = headers.get("location")
                if not location:
                    raise FetchFailed(f"{url} redirected without a Location")
                url = urljoin(url, location)
                continue
            if status != 200:
                raise FetchFailed(f"{url} answered HTTP {status}")
            found = _MAX_AGE.search(headers.get("cache-control", ""))
            return Fetched(body, int(found.group(1)) if found else None)
        raise FetchFailed(f"more than {MAX_REDIRECTS} redirects from {origin_host}")

    async def _get(self, url: str) -> tuple[int, dict[str, str], bytes]:
        request_headers = [(b"Accept", b"application/jwk-set+json, application/json"), (b"User-Agent", b"Prism")]
        async with self._pool.stream("GET", url, headers=request_headers) as response:
            headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in response.headers}
            if response.status != 200:
                return response.status, headers, b""
            announced = headers.get("content-length")
            if announced and announced.isdigit() and int(announced) > self.max_bytes:
                raise FetchFailed(f"the key set is larger than {self.max_bytes} bytes")
            body = bytearray()
            async for chunk in response.aiter_stream():
                body += chunk
                if len(body) > self.max_bytes:
                    raise FetchFailed(f"the key set is larger than {self.max_bytes} bytes")
            return response.status, headers, bytes(body)

    async def close(self) -> None:
        await self._pool.aclose()
