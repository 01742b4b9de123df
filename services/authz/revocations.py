"""Whether an access token was revoked, asked of the token service and kept for a moment.

A `jti` found revoked stays revoked (kept until the token expires); one found live is asked again
after `PRISM_AUTHZ_GRANTS_CACHE_SECONDS`, so a revocation takes effect within that time on every
authz replica. When the token service cannot answer, the check fails closed (Unavailable).
"""

from __future__ import annotations

import time

import grpc

from prism.runtime.errors import Unavailable
from prism.runtime.internal_auth import internal_metadata
from prism.token.v1 import token_pb2, token_pb2_grpc


class TokenRevocations:
    def __init__(self, channel: grpc.aio.Channel, internal_secret: str, ttl_seconds: float) -> None:
        self._stub = token_pb2_grpc.TokenServiceStub(channel)
        self._metadata = internal_metadata("authz", internal_secret)
        self._ttl = ttl_seconds
        self._live: dict[str, float] = {}
        self._revoked: dict[str, int] = {}

    async def revoked(self, jti: str, expires_at: int) -> bool:
        if not jti:
            return False
        if jti in self._revoked:
            return True
        now = time.monotonic()
        if self._live.get(jti, 0.0) > now:
            return False
        try:
            answer = await self._stub.CheckRevoked(
                token_pb2.CheckRevokedRequest(token_ids=[jti]), metadata=self._metadata, timeout=5, wait_for_ready=True
            )
        except grpc.aio.AioRpcError as error:
            raise Unavailable(
                "the token service could not say whether the token is revoked", debug=str(error)
            ) from None
        if len(self._live) > 100_000:
            self._live.clear()
        if jti in answer.revoked_token_ids:
            if len(self._revoked) > 100_000:
                wall = int(time.time())
                self._revoked = {k: v for k, v in self._revoked.items() if v > wall}
            self._revoked[jti] = expires_at
            return True
        self._live[jti] = now + self._ttl
        return False
