"""What step-up asks the directory, over its internal channel: the app's client authentication, the
app and its verified domain, the site settings, the captcha secret, and a user and their password (a
re-authentication). Errors come back as the
directory raised them (`from_aio_error`)."""

from __future__ import annotations

import grpc

from prism.directory.v1 import directory_pb2, directory_pb2_grpc
from prism.runtime.errors import InvalidClient
from prism.runtime.grpc_status import from_aio_error
from prism.runtime.internal_auth import internal_metadata


class DirectoryCalls:
    def __init__(self, directory: grpc.aio.Channel, internal_secret: str) -> None:
        self._directory = directory_pb2_grpc.DirectoryServiceStub(directory)
        self._metadata = internal_metadata("stepup", internal_secret)

    async def _ask(self, method, request):
        try:
            return await method(request, metadata=self._metadata, timeout=10, wait_for_ready=True)
        except grpc.aio.AioRpcError as error:
            raise from_aio_error(error) from None

    async def client(self, organization: str, client_id: str, secret: str) -> directory_pb2.App:
        """The app, once its client id and secret (none for a public app) are good."""
        if not client_id:
            raise InvalidClient("client authentication is required (HTTP Basic or client_id/client_secret)")
        answer = await self._ask(
            self._directory.AuthenticateClient,
            directory_pb2.AuthenticateClientRequest(
                organization=organization, client_id=client_id, client_secret=secret
            ),
        )
        return answer.app

    async def app(self, organization: str, client_id: str) -> directory_pb2.App:
        answer = await self._ask(
            self._directory.GetApp,
            directory_pb2.GetAppRequest(name=f"organizations/{organization}/apps/{client_id}"),
        )
        return answer.app

    async def verified_domain(self, organization: str, client_id: str) -> str:
        answer = await self._ask(
            self._directory.GetAppVerifiedDomain,
            directory_pb2.GetAppVerifiedDomainRequest(organization=organization, client_id=client_id),
        )
        return answer.verified_domain

    async def site(self) -> directory_pb2.SiteSettings:
        answer = await self._ask(
            self._directory.GetSiteSettings, directory_pb2.GetSiteSettingsRequest(name="siteSettings")
        )
        return answer.settings

    async def captcha_secret(self) -> str:
        answer = await self._ask(
            self._directory.GetCaptchaSecret, directory_pb2.GetCaptchaSecretRequest(name="siteSettings")
        )
        return answer.captcha_secret_key

    async def user(self, organization: str, user_id: str) -> directory_pb2.User:
        answer = await self._ask(
            self._directory.GetUser, directory_pb2.GetUserRequest(name=f"organizations/{organization}/users/{user_id}")
        )
        return answer.user

    async def verify_password(self, organization: str, username: str, password: str, client_address: str) -> None:
        """Unauthenticated when the password is wrong (counted by the directory's brute-force protection)."""
        await self._ask(
            self._directory.VerifyPassword,
            directory_pb2.VerifyPasswordRequest(
                organization=organization, username=username, password=password, client_address=client_address
            ),
        )
