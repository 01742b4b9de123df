"""KeysService servicer: proto <-> domain, and who may receive private keys on WatchKeys."""

from __future__ import annotations

import json
import logging

from google.protobuf import json_format, timestamp_pb2

from prism.keys.v1 import keys_pb2, keys_pb2_grpc
from prism.runtime import secrets
from prism.runtime.errors import InvalidArgument, Unauthenticated, Unavailable
from prism.runtime.keyset import jwks_document
from prism.runtime.resource_names import SLUG_PATTERN, parse_organization_parent
from prism.runtime.structs import plain
from services.keys.keyring import KeyRecord, KeyState, Ring
from services.keys.usecases import KeyRings
from services.keys.watch import KeySetFeed

log = logging.getLogger("prism.keys.watch")

ACCESS_METADATA_KEY = "x-prism-signing-key-access"  # the token service's secret, for private keys
COMPONENT_METADATA_KEY = "x-prism-component"  # who is calling, for the logs
_STATES = {
    KeyState.NEXT: keys_pb2.KEY_STATE_NEXT,
    KeyState.ACTIVE: keys_pb2.KEY_STATE_ACTIVE,
    KeyState.RETIRED: keys_pb2.KEY_STATE_RETIRED,
}


def _timestamp(micros: int | None) -> timestamp_pb2.Timestamp | None:
    if micros is None:
        return None
    stamp = timestamp_pb2.Timestamp()
    stamp.FromMicroseconds(micros)
    return stamp


class KeysServicer(keys_pb2_grpc.KeysServiceServicer):
    def __init__(self, rings: KeyRings, feed: KeySetFeed, access_secret: str, cache_max_age: int) -> None:
        self.rings = rings
        self.feed = feed
        self.access_secret = access_secret
        self.cache_max_age = cache_max_age

    def _key(self, key: KeyRecord, now: int) -> keys_pb2.Key:
        return keys_pb2.Key(
            name=f"organizations/{key.organization}/keys/{key.kid}",
            kid=key.kid,
            algorithm=key.algorithm,
            state=_STATES[key.state_at(now)],
            public_jwk_json=json.dumps(key.jwk(), separators=(",", ":")),
            create_time=_timestamp(key.created_at),
            activate_time=_timestamp(key.activate_at),
            retire_time=_timestamp(key.retire_at),
            remove_time=_timestamp(key.remove_at),
        )

    def _jwks(self, ring: Ring, now: int) -> str:
        return jwks_document([k.jwk() for k in ring.published(now)])

    async def ListKeys(self, request, context):
        organization = parse_organization_parent(request.parent)
        ring = await self.rings.ring(organization)
        now = self.rings.clock.now_micros()
        return keys_pb2.ListKeysResponse(
            keys=[self._key(k, now) for k in ring.published(now)],
            jwks_json=self._jwks(ring, now),
            cache_max_age_seconds=self.cache_max_age,
        )

    async def RotateKeys(self, request, context):
        organization = parse_organization_parent(request.parent)
        key = await self.rings.rotate(organization, force=request.force, algorithm=request.algorithm)
        return keys_pb2.RotateKeysResponse(key=self._key(key, self.rings.clock.now_micros()))

    async def Sign(self, request, context):
        organization = parse_organization_parent(request.parent)
        claims = plain(json_format.MessageToDict(request.claims))
        if not claims:
            raise InvalidArgument("claims are required", field="claims")
        jws, kid = await self.rings.sign(organization, claims, request.type or "JWT")
        return keys_pb2.SignResponse(jws=jws, kid=kid)

    async def WatchKeys(self, request, context):
        metadata = {k: v for k, v in (context.invocation_metadata() or ()) if isinstance(v, str)}
        private = self._may_receive_private(metadata)
        for slug in request.organizations:
            if not SLUG_PATTERN.match(slug):
                raise InvalidArgument(f"organizations has an invalid slug {slug!r}", field="organizations")
        organizations = frozenset(request.organizations) or None
        log.info(
            "WatchKeys subscriber connected",
            extra={
                "peer_component": metadata.get(COMPONENT_METADATA_KEY, "unknown"),
                "private": private,
                "organizations": len(organizations) if organizations else "all",
            },
        )
        subscriber = self.feed.subscribe(organizations)
        try:
            for slug in request.organizations:  # the snapshot first
                yield self._change(await self.rings.ring(slug), private)
            while True:
                ring = await subscriber.queue.get()
                if subscriber.overflowed:
                    raise Unavailable("the subscriber fell behind; reconnect to resynchronize")
                yield self._change(ring, private)
        finally:
            self.feed.unsubscribe(subscriber)

    def _may_receive_private(self, metadata: dict[str, str]) -> bool:
        presented = metadata.get(ACCESS_METADATA_KEY)
        if presented is None:
            return False
        if not secrets.compare(presented, self.access_secret):
            raise Unauthenticated("the signing-key access secret is wrong", reason="BAD_SIGNING_KEY_ACCESS")
        return True

    def _change(self, ring: Ring, private: bool) -> keys_pb2.WatchKeysResponse:
        now = self.rings.clock.now_micros()
        published = ring.published(now)
        keys = []
        for key in published:
            der = self.rings.private_der(key) if private else b""
            keys.append(keys_pb2.SigningKey(key=self._key(key, now), private_key_pkcs8=der))
        return keys_pb2.WatchKeysResponse(
            organization=ring.organization,
            keys=keys,
            jwks_json=self._jwks(ring, now),
            version=ring.version,
            cache_max_age_seconds=self.cache_max_age,
        )
