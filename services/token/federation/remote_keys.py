"""Key sets of trusted issuers: fetched safely, cached, refreshed, and kept through outages.

- An entry is fresh for the server's `Cache-Control: max-age` (bounded), else a default.
- An unknown `kid` triggers at most one refetch per URL every 30 s (no fetch storms).
- When a refresh fails, the cached set keeps serving for PRISM_FEDERATION_STALE_SECONDS.
- A key set of this Prism itself (`{PRISM_PUBLIC_URL}/api/v1/organizations/{slug}/jwks`) is read
  from the keys service directly, so the localhost walkthrough of spec 000 needs no https.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from joserfc.errors import JoseError
from joserfc.jwk import KeySet

from prism.runtime.keysets import KeySetCache
from services.token.federation.fetch import FetchFailed, SafeFetcher

log = logging.getLogger("prism.token.federation")
_OWN_PATH = re.compile(r"^/api/v1/organizations/([a-z0-9-]{1,63})/jwks$")


@dataclass
class Entry:
    keys: KeySet
    fetched_at: float
    fresh_until: float
    last_unknown_kid_refetch: float = 0.0
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)


class KeySetUnavailable(Exception):
    """No usable key set (never fetched, or stale beyond the limit); the message says why."""


def parse_key_set(body: bytes) -> KeySet:
    try:
        document = json.loads(body)
        if not isinstance(document, dict) or not isinstance(document.get("keys"), list):
            raise ValueError("not a JWK Set (no keys array)")
        usable = [k for k in document["keys"] if isinstance(k, dict) and k.get("use", "sig") == "sig"]
        return KeySet.import_key_set({"keys": usable})
    except (ValueError, JoseError, TypeError) as exc:
        raise FetchFailed(f"the key set is not valid: {exc}") from None


class RemoteKeySets:
    def __init__(
        self,
        fetcher: SafeFetcher,
        own_keys: KeySetCache,
        public_url: str,
        *,
        default_ttl: float = 300,
        max_ttl: float = 86400,
        unknown_kid_interval: float = 30,
        stale_limit: float = 86400,
    ) -> None:
        self.fetcher = fetcher
        self.own_keys = own_keys
        own = urlsplit(public_url)
        self.own_origin = (own.scheme, own.netloc.lower())
        self.default_ttl = default_ttl
        self.max_ttl = max_ttl
        self.unknown_kid_interval = unknown_kid_interval
        self.stale_limit = stale_limit
        self.entries: dict[str, Entry] = {}
        self.fetches = 0

    def own_organization(self, url: str) -> str | None:
        parts = urlsplit(url)
        found = _OWN_PATH.match(parts.path)
        if found and (parts.scheme, parts.netloc.lower()) == self.own_origin and not parts.query:
            return found.group(1)
        return None

    async def key_set(self, url: str, kid: str | None) -> KeySet:
        """The key set at `url`, refetched when stale or when it lacks `kid` (rate-limited)."""
        slug = self.own_organization(url)
        if slug is not None:
            keys = await self.own_keys.get(slug)
            return KeySet.import_key_set(json.loads(keys.jwks_json))
        entry = self.entries.get(url)
        now = time.monotonic()
        if entry is None or entry.keys is None:  # never fetched, or a first fetch is under way
            entry = await self._refresh(url, entry)
        elif now >= entry.fresh_until:
            entry = await self._refresh(url, entry)
        if (
            kid is not None
            and not _has(entry.keys, kid)
            and now - entry.last_unknown_kid_refetch >= self.unknown_kid_interval
        ):
            entry.last_unknown_kid_refetch = now
            entry = await self._refresh(url, entry, force=True)
        return entry.keys

    async def _refresh(self, url: str, entry: Entry | None, *, force: bool = False) -> Entry:
        lock = entry.lock if entry is not None else self.entries.setdefault(url, _placeholder()).lock
        async with lock:
            current = self.entries.get(url)
            if (
                current is not None
                and current.keys is not None
                and not force
                and time.monotonic() < current.fresh_until
            ):
                return current  # someone refreshed it while we waited
            try:
                self.fetches += 1
                fetched = await self.fetcher.fetch(url)
                keys = parse_key_set(fetched.body)
            except Exception as exc:
                usable = current if current is not None and current.keys is not None else None
                if usable is not None and time.monotonic() - usable.fetched_at < self.stale_limit:
                    log.warning("refreshing %s failed (%s); serving the cached key set", url, exc)
                    usable.fresh_until = time.monotonic() + min(self.default_ttl, 60)
                    return usable
                if current is not None and current.keys is None:
                    self.entries.pop(url, None)
                raise
            ttl = min(max(fetched.max_age if fetched.max_age is not None else self.default_ttl, 0), self.max_ttl)
            now = time.monotonic()
            fresh = Entry(
                keys,
                now,
                now + ttl,
                last_unknown_kid_refetch=current.last_unknown_kid_refetch if current else 0.0,
                lock=lock,
            )
            self.entries[url] = fresh
            return fresh


def _placeholder() -> Entry:
    return Entry(keys=None, fetched_at=0.0, fresh_until=0.0)  # type: ignore[arg-type]


def _has(keys: KeySet, kid: str) -> bool:
    return any(key.kid == kid for key in keys.keys)
