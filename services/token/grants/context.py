"""What every grant needs: the directory (clients, users), signing, settings, the database."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

import grpc

from prism.directory.v1 import directory_pb2, directory_pb2_grpc
from prism.runtime.errors import InvalidArgument, InvalidClient, NotFound
from prism.runtime.grpc_status import from_aio_error
from prism.runtime.internal_auth import internal_metadata
from prism.runtime.secrets import digest
from prism.runtime.service_app import Transactions
from services.token.settings import TokenSettings
from services.token.signing import TokenSigner

if TYPE_CHECKING:
    from services.token.issuance import Issuer
    from services.token.refresh import RefreshTokens

CLIENT_CACHE_SECONDS = 5.0  # an app's settings are reused this long; a wrong secret is never cached


@dataclass
class GrantContext:
    settings: TokenSettings
    signer: TokenSigner
    directory: grpc.aio.Channel
    internal_secret: str
    transactions: Transactions
    # set by the app builder once both exist (they need this context themselves)
    refresh: RefreshTokens | None = None
    issuance: Issuer | None = None

    def __post_init__(self) -> None:
        self._stub = directory_pb2_grpc.DirectoryServiceStub(self.directory)
        self._metadata = internal_metadata("token", self.internal_secret)
        self._clients: dict[tuple[str, str, str], tuple[float, directory_pb2.App]] = {}
        self._apps: dict[tuple[str, str], tuple[float, directory_pb2.App]] = {}

    async def _ask(self, method, request):
        try:
            return await method(request, metadata=self._metadata, timeout=10, wait_for_ready=True)
        except grpc.aio.AioRpcError as error:
            raise from_aio_error(error) from None

    async def app(self, organization: str, client_id: str) -> directory_pb2.App:
        """The registered app `client_id` of the organization (no authentication), briefly cached.

        InvalidClient when there is no such app, so that the authorization endpoint can say so.
        """
        if not client_id or len(client_id) > 64:
            raise InvalidClient("client_id is missing or unknown")
        key = (organization, client_id)
        cached = self._apps.get(key)
        now = time.monotonic()
        if cached is not None and cached[0] > now:
            return cached[1]
        try:
            answer = await self._ask(
                self._stub.GetApp, directory_pb2.GetAppRequest(name=f"organizations/{organization}/apps/{client_id}")
            )
        except (NotFound, InvalidArgument):
            raise InvalidClient(f"no app with client_id {client_id!r} is registered in this organization") from None
        if len(self._apps) > 10_000:
            self._apps.clear()
        self._apps[key] = (now + CLIENT_CACHE_SECONDS, answer.app)
        return answer.app

    async def user_claims(
        self, organization: str, user_id: str, profile_fields: list[str] = ()
    ) -> directory_pb2.GetUserClaimsResponse | None:
        """The user with their teams and apps (and the `profile_fields` asked for); None when the user
        no longer exists."""
        try:
            return await self._ask(
                self._stub.GetUserClaims,
                directory_pb2.GetUserClaimsRequest(
                    organization=organization, user_id=user_id, profile_fields=list(profile_fields)
                ),
            )
        except NotFound:
            return None

    async def verified_domain(self, organization: str, client_id: str) -> str:
        """The verified-domain badge of an app (its owner's verified domain covering its redirect URIs), or ""."""
        answer = await self._ask(
            self._stub.GetAppVerifiedDomain,
            directory_pb2.GetAppVerifiedDomainRequest(organization=organization, client_id=client_id),
        )
        return answer.verified_domain

    async def authenticate_client(self, organization: str, client_id: str, secret: str) -> directory_pb2.App:
        """The app whose credentials these are (RFC 6749 §2.3), briefly cached per (client, secret digest)."""
        if not client_id:
            raise InvalidClient("client authentication is required (HTTP Basic or client_id/client_secret)")
        key = (organization, client_id, digest(secret))
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
