"""Logins that hand out access tokens: a user's password, a service account's API key.

The directory checks the credential (internal call); the token is minted here in memory. Every
attempt is an audit event; the password and the API key never appear in one, nor in a log line.
"""

from __future__ import annotations

import grpc

from prism.directory.v1 import directory_pb2, directory_pb2_grpc
from prism.runtime.audit import AuditEvent, Outcome
from prism.runtime.errors import InvalidArgument, PrismError, Unauthenticated, Unavailable
from prism.runtime.grpc_status import from_aio_error
from prism.runtime.internal_auth import internal_metadata
from prism.runtime.issuer import issuer_for
from prism.runtime.resource_names import SLUG_PATTERN
from prism.runtime.service_app import Transactions
from services.token.signing import MintedToken, TokenSigner


class Logins:
    def __init__(
        self,
        transactions: Transactions,
        signer: TokenSigner,
        directory: grpc.aio.Channel,
        internal_secret: str,
        lifetime_seconds: int,
    ) -> None:
        self.transactions = transactions
        self.signer = signer
        self._directory = directory_pb2_grpc.DirectoryServiceStub(directory)
        self._metadata = internal_metadata("token", internal_secret)
        self.lifetime = lifetime_seconds

    async def _ask(self, method, request):
        try:
            return await method(request, metadata=self._metadata, timeout=10, wait_for_ready=True)
        except grpc.aio.AioRpcError as error:
            raise from_aio_error(error) from None

    async def with_password(self, organization: str, username: str, password: str) -> tuple[MintedToken, str, str]:
        if not organization:
            raise InvalidArgument("org is required", field="org")
        if not SLUG_PATTERN.match(organization):
            raise InvalidArgument(f"org {organization!r} is not an organization slug", field="org")
        if not username:
            raise InvalidArgument("username is required", field="username")
        if not password:
            raise InvalidArgument("password is required", field="password")
        try:
            answer = await self._ask(
                self._directory.VerifyPassword,
                directory_pb2.VerifyPasswordRequest(organization=organization, username=username, password=password),
            )
        except Unauthenticated as refused:
            await self._audit(
                "token.login.failed", organization, username, Outcome.FAILURE, method="password", reason=refused.reason
            )
            raise
        user = answer.user
        minted = await self.signer.mint_access_token(
            organization=organization,
            subject=user.user_id,
            client_id="prism-cli",
            lifetime_seconds=self.lifetime,
            extra_claims={"preferred_username": user.username, "role": user.role},
        )
        await self._audit(
            "token.login.succeeded",
            organization,
            user.user_id,
            Outcome.SUCCESS,
            method="password",
            username=user.username,
        )
        return minted, organization, user.user_id

    async def with_api_key(self, api_key: str) -> tuple[MintedToken, str, str]:
        if not api_key:
            raise InvalidArgument("api_key is required", field="api_key")
        try:
            answer = await self._ask(self._directory.VerifyApiKey, directory_pb2.VerifyApiKeyRequest(api_key=api_key))
        except Unauthenticated as refused:
            await self._audit(
                "token.login.failed", None, "unknown", Outcome.FAILURE, method="api_key", reason=refused.reason
            )
            raise
        organization, account = answer.organization, answer.service_account
        minted = await self.signer.mint_access_token(
            organization=organization,
            subject=account.canonical_name,
            client_id=account.canonical_name,
            lifetime_seconds=self.lifetime,
        )
        await self._audit(
            "token.login.succeeded", organization, account.canonical_name, Outcome.SUCCESS, method="api_key"
        )
        return minted, organization, account.canonical_name

    def issuer(self, organization: str) -> str:
        return issuer_for(self.signer.settings, organization)

    async def _audit(self, action: str, organization: str | None, actor: str, outcome: Outcome, **details) -> None:
        try:
            async with self.transactions.begin() as uow:
                await uow.audit(
                    AuditEvent(
                        action=action,
                        target=f"organizations/{organization or '-'}",
                        actor=actor,
                        organization=organization,
                        outcome=outcome,
                        details=details,
                    )
                )
        except PrismError as exc:  # a login is not refused because its audit row could not be written
            raise Unavailable("could not record the login", debug=repr(exc)) from exc
