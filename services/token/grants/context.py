"""What every grant needs: the client's authentication against the directory, signing, settings."""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass

import grpc

from prism.directory.v1 import directory_pb2, directory_pb2_grpc
from prism.runtime.errors import InvalidClient
from prism.runtime.grpc_status import from_aio_error
from prism.runtime.internal_auth import internal_metadata
from prism.runtime.service_app import Transactions
from services.token.settings import TokenSettings
from services.token.signing import TokenSigner

CLIENT_CACHE_SECONDS = 5.0  # an app's settings are reused this long; a wrong secret is never cached


@dataclass
class GrantContext:
    settings: TokenSettings
    signer: TokenSigner
    directory: grpc.aio.Channel
    internal_secret: str
    transactions: Transactions

    def __post_init__(self) -> None:
        self._stub = directory_pb2_grpc.DirectoryServiceStub(self.directory)
        self._metadata = internal_metadata("token", self.internal_secret)
        self._clients: dict[tuple[str, str, str], tuple[float, directory_pb2.App]] = {}

    async def authenticate_client(self, organization: str, client_id: str, secret: str) -> directory_pb2.App:
        """The app whose credentials these are (RFC 6749 §2.3), briefly cached per (client, secret digest)."""
        if not client_id:
            raise InvalidClient("client authentication is required (HTTP Basic or client_id/client_secret)")
        key = (organization, client_id, hashlib.sha256(secret.encode()).hexdigest())
        cached = self._clients.get(key)
        now = time.monotonic()
        if cached is not None and cached[0] > now:
            return cached[1]
        try:
            answer = await self._stub.AuthenticateClient(
                directory_pb2.AuthenticateClientRequest(
                    organization=organization, client_id=client_id, client_secret=secret
                ),
                metadata=self._metadata,
                timeout=10,
                wait_for_ready=True,
            )
        except grpc.aio.AioRpcError as error:
            raise from_aio_error(error) from None
        if len(self._clients) > 10_000:
            self._clients.clear()
        self._clients[key] = (now + CLIENT_CACHE_SECONDS, answer.app)
        return answer.app
