"""Every verifier's (and the token service's) copy of the organizations' key sets.

`KeySetCache` keeps one long-lived WatchKeys stream for changes to any organization and fetches an
organization's set on first use (a WatchKeys stream for that organization, closed after its
snapshot). It serves from memory; a change made by any keys replica arrives within a second. After
the stream breaks it reconnects and treats what it holds as stale until fetched again (while the
keys service is down, stale sets keep being served). The transport is a function that opens a
WatchKeys stream, so grpc.aio services and the grpclib gateway share this logic.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import Any

from prism.keys.v1 import keys_pb2
from prism.runtime.clock import SYSTEM_CLOCK, Clock
from prism.runtime.errors import PrismError, Unavailable
from prism.runtime.jws import Signer

log = logging.getLogger("prism.keysets")

OpenStream = Callable[[list[str]], AsyncIterator[keys_pb2.WatchKeysResponse]]
RECONNECT_DELAYS = (0.1, 0.2, 0.5, 1.0, 2.0, 5.0)
SNAPSHOT_TIMEOUT_SECONDS = 5.0


@dataclass(frozen=True)
class CachedKey:
    kid: str
    algorithm: str
    activate_at: int
    retire_at: int | None
    remove_at: int | None
    jwk: dict[str, Any]
    signer: Signer | None  # only where private keys are received (the token service)

    def signs_at(self, now: int) -> bool:
        return (
            self.activate_at <= now
            and (self.retire_at is None or now < self.retire_at)
            and (self.remove_at is None or now < self.remove_at)
        )


@dataclass
class OrganizationKeys:
    organization: str
    version: int
    jwks_json: str
    etag: str
    cache_max_age: int
    keys: tuple[CachedKey, ...]
    stale: bool = field(default=False, compare=False)
    _active: tuple[CachedKey, int, int] | None = field(default=None, compare=False, repr=False)

    def active(self, now: int) -> CachedKey | None:
        cached = self._active
        if cached is not None and cached[1] <= now < cached[2]:
            return cached[0]
        key = next((k for k in self.keys if k.signs_at(now)), None)
        if key is not None:  # valid until the key retires, is removed, or a newer key activates
            ends = [t for t in (key.retire_at, key.remove_at) if t is not None]
            ends += [k.activate_at for k in self.keys if k.activate_at > key.activate_at]
            self._active = (key, key.activate_at, min(ends, default=2**63))
        return key


def _micros(stamp) -> int | None:
    return stamp.ToMicroseconds() if stamp.seconds or stamp.nanos else None


def from_response(response: keys_pb2.WatchKeysResponse, *, private: bool) -> OrganizationKeys:
    keys = []
    for item in response.keys:
        key = item.key
        signer = None
        if private and item.private_key_pkcs8:
            signer = Signer.from_pkcs8(key.algorithm, key.kid, item.private_key_pkcs8)
        keys.append(
            CachedKey(
                key.kid,
                key.algorithm,
                key.activate_time.ToMicroseconds(),
                _micros(key.retire_time),
                _micros(key.remove_time),
                json.loads(key.public_jwk_json),
                signer,
            )
        )
    keys.sort(key=lambda k: k.activate_at, reverse=True)
    etag = '"' + hashlib.sha256(response.jwks_json.encode()).hexdigest()[:32] + '"'
    return OrganizationKeys(
        response.organization, response.version, response.jwks_json, etag, response.cache_max_age_seconds, tuple(keys)
    )


class KeySetCache:
    def __init__(self, open_stream: OpenStream, *, private: bool, clock: Clock = SYSTEM_CLOCK) -> None:
        self.open_stream = open_stream
        self.private = private
        self.clock = clock
        self.sets: dict[str, OrganizationKeys] = {}
        self.connected = asyncio.Event()
        self._fetching: dict[str, asyncio.Future] = {}
        self._task: asyncio.Task | None = None
        self.changes_applied = 0

    def start(self) -> None:
        self._task = asyncio.create_task(self._follow(), name="keyset-watch")

    async def stop(self) -> None:
        if self._task:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)

    async def get(self, organization: str) -> OrganizationKeys:
        cached = self.sets.get(organization)
        if cached is not None and not cached.stale:
            return cached
        try:
            return await self._fetch(organization)
        except Unavailable:
            if cached is not None:  # keep serving what we had through an outage
                return cached
            raise

    async def _fetch(self, organization: str) -> OrganizationKeys:
        pending = self._fetching.get(organization)
        if pending is None:
            pending = asyncio.ensure_future(self._fetch_once(organization))
            self._fetching[organization] = pending
            pending.add_done_callback(lambda _: self._fetching.pop(organization, None))
        return await asyncio.shield(pending)

    async def _fetch_once(self, organization: str) -> OrganizationKeys:
        stream = self.open_stream([organization])
        try:
            async for response in stream:
                self.apply(response, force=True)
                return self.sets[organization]
        finally:
            await stream.aclose()
        raise Unavailable(f"the keys service sent no key set for {organization!r}")

    def apply(self, response: keys_pb2.WatchKeysResponse, *, force: bool = False) -> None:
        current = self.sets.get(response.organization)
        if current is not None and not force and response.version <= current.version and not current.stale:
            return
        if current is not None and response.version < current.version:
            return
        self.sets[response.organization] = from_response(response, private=self.private)
        self.changes_applied += 1

    async def _follow(self) -> None:
        attempt = 0
        while True:
            stream = self.open_stream([])
            try:
                self.connected.set()
                async for response in stream:
                    attempt = 0
                    self.apply(response)
            except asyncio.CancelledError:
                raise
            except (PrismError, OSError, ConnectionError) as exc:
                log.warning("key-set stream lost (%s); reconnecting", exc)
            except Exception:
                log.exception("key-set stream failed; reconnecting")
            finally:
                self.connected.clear()
                await stream.aclose()
            for cached in self.sets.values():  # changes may have been missed meanwhile
                cached.stale = True
            await asyncio.sleep(RECONNECT_DELAYS[min(attempt, len(RECONNECT_DELAYS) - 1)])
            attempt += 1


def aio_stream_opener(channel, *, component: str, access_secret: str | None = None) -> OpenStream:
    """WatchKeys over a grpc.aio channel (services), errors turned back into PrismErrors."""
    import grpc

    from prism.keys.v1 import keys_pb2_grpc
    from prism.runtime.grpc_status import from_aio_error

    stub = keys_pb2_grpc.KeysServiceStub(channel)
    metadata = [("x-prism-component", component)]
    if access_secret:
        metadata.append(("x-prism-signing-key-access", access_secret))

    async def open_stream(organizations: list[str]):
        # a snapshot request waits (a little) for a keys service that is starting or restarting
        call = stub.WatchKeys(
            keys_pb2.WatchKeysRequest(organizations=organizations),
            metadata=tuple(metadata),
            wait_for_ready=True,
            timeout=SNAPSHOT_TIMEOUT_SECONDS if organizations else None,
        )
        try:
            async for response in call:
                yield response
        except grpc.aio.AioRpcError as error:
            raise from_aio_error(error) from None
        finally:
            call.cancel()

    return open_stream
