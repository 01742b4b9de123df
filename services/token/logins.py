"""Logins that hand out access tokens: a user's password (and TOTP), a service account's API key,
an anonymous session.

The directory checks the credential (internal call, with the client's address for its brute-force
protection); the token is minted here in memory. With MFA_FORCE_LOCAL a right password returns a
ticket instead of a token (`services.token.mfa`), and `complete_mfa` finishes it with the code.
Every attempt is an audit event (`gateway.login.started|succeeded|failed`, spec 001's names, with
the claims or the reason); the password, the code and the API key never appear in one.
"""

from __future__ import annotations

import time
import uuid

import grpc

from prism.directory.v1 import directory_pb2, directory_pb2_grpc
from prism.runtime.audit import AuditEvent, Outcome
from prism.runtime.errors import (
    FailedPrecondition,
    InvalidArgument,
    NotFound,
    PermissionDenied,
    PrismError,
    Unauthenticated,
    Unavailable,
)
from prism.runtime.grpc_status import from_aio_error
from prism.runtime.internal_auth import internal_metadata
from prism.runtime.issuer import issuer_for
from prism.runtime.resource_names import SLUG_PATTERN
from prism.runtime.scopes import CLI_CLIENT_ID
from prism.runtime.service_app import Transactions
from services.token.mfa import Challenge, SecondFactor
from services.token.settings import TokenSettings
from services.token.signing import MintedToken, TokenSigner

CLI_CLIENT = CLI_CLIENT_ID
ANONYMOUS_CLIENT = "prism-anonymous"
SITE_SETTINGS_CACHE_SECONDS = 5.0
LOCAL_SIGNIN_DISABLED = (
    "local sign-in with a password is disabled on this server (DISABLE_LOCAL_SIGNIN); "
    "sign in through your organization's SSO provider"
)
NOT_ENROLLED = (
    "this account has no authenticator app yet: run `prism auth login` in a terminal (or sign in on the web) "
    "once to enrol one; --totp works after that"
)


def check_local_signin(settings: TokenSettings) -> None:
    if settings.disable_local_signin:
        raise PermissionDenied(LOCAL_SIGNIN_DISABLED, reason="LOCAL_SIGNIN_DISABLED")


class Logins:
    def __init__(
        self,
        transactions: Transactions,
        signer: TokenSigner,
        directory: grpc.aio.Channel,
        internal_secret: str,
        settings: TokenSettings,
        second_factor: SecondFactor,
    ) -> None:
        self.transactions = transactions
        self.signer = signer
        self._directory = directory_pb2_grpc.DirectoryServiceStub(directory)
        self._metadata = internal_metadata("token", internal_secret)
        self.settings = settings
        self.lifetime = settings.login_token_lifetime_seconds
        self.second_factor = second_factor
        self._site: tuple[float, directory_pb2.SiteSettings] | None = None

    async def _ask(self, method, request):
        try:
            return await method(request, metadata=self._metadata, timeout=10, wait_for_ready=True)
        except grpc.aio.AioRpcError as error:
            raise from_aio_error(error) from None

    async def verify_password(
        self, organization: str, username: str, password: str, client_address: str
    ) -> directory_pb2.User:
        answer = await self._ask(
            self._directory.VerifyPassword,
            directory_pb2.VerifyPasswordRequest(
                organization=organization, username=username, password=password, client_address=client_address
            ),
        )
        return answer.user

    # -- the CLI's password login ----------------------------------------------------------------

    async def with_password(
        self, organization: str, username: str, password: str, totp: str = "", client_address: str = ""
    ) -> tuple[MintedToken | None, Challenge | None, str, str]:
        """(token, None, org, subject), or (None, challenge, org, user id) when a TOTP code is needed first."""
        if not organization:
            raise InvalidArgument("org is required", field="org")
        if not SLUG_PATTERN.match(organization):
            raise InvalidArgument(f"org {organization!r} is not an organization slug", field="org")
        if not username:
            raise InvalidArgument("username is required", field="username")
        if not password:
            raise InvalidArgument("password is required", field="password")
        check_local_signin(self.settings)
        await self.audit_login("started", organization, username[:128], method="password", client_id=CLI_CLIENT)
        try:
            user = await self.verify_password(organization, username, password, client_address)
        except Unauthenticated as refused:
            await self.audit_login("failed", organization, username[:128], method="password", reason=refused.reason)
            raise
        if self.second_factor.required(user):
            if not totp:
                challenge = await self.second_factor.begin(organization, user, "cli")
                return None, challenge, organization, user.user_id
            try:
                if not await self.second_factor.verify_code(organization, user.user_id, totp):
                    raise FailedPrecondition(NOT_ENROLLED, reason="MFA_NOT_ENROLLED")
            except (Unauthenticated, FailedPrecondition) as refused:
                await self.audit_login(
                    "failed", organization, user.user_id, method="password+totp", reason=refused.reason
                )
                raise
        minted = await self._mint_for_user(organization, user.user_id, user.username, user.role)
        amr = ["pwd", "otp"] if self.second_factor.required(user) else ["pwd"]
        await self.audit_login(
            "succeeded",
            organization,
            user.user_id,
            **self.claims(user.user_id, user.username, user.email, user.role, amr),
        )
        return minted, None, organization, user.user_id

    async def complete_mfa(
        self, ticket: str, code: str, password: str, client_address: str = "", passkey_assertion: str = ""
    ):
        """The second half of a CLI password login: (token, org, subject)."""
        check_local_signin(self.settings)

        async def confirm(organization: str, username: str, again: str) -> None:
            await self.verify_password(organization, username, again, client_address)

        try:
            done = await self.second_factor.finish(ticket, code, password, confirm, passkey_assertion=passkey_assertion)
        except Unauthenticated as refused:
            method = "passkey" if passkey_assertion else "totp"
            await self.audit_login("failed", None, "unknown", method=method, reason=refused.reason)
            raise
        if done.purpose != "cli":
            raise Unauthenticated(
                "this ticket belongs to a sign-in page, not to a CLI login", reason="MFA_TICKET_ENDED"
            )
        answer = await self._ask(
            self._directory.GetUserClaims,
            directory_pb2.GetUserClaimsRequest(organization=done.organization, user_id=done.user_id),
        )
        user = answer.user
        minted = await self._mint_for_user(done.organization, user.user_id, user.username, user.role)
        await self.audit_login(
            "succeeded",
            done.organization,
            user.user_id,
            **self.claims(user.user_id, user.username, user.email, user.role, list(done.amr)),
        )
        return minted, done.organization, user.user_id

    async def _mint_for_user(self, organization: str, user_id: str, username: str, role: str) -> MintedToken:
        return await self.signer.mint_access_token(
            organization=organization,
            subject=user_id,
            client_id=CLI_CLIENT,
            lifetime_seconds=self.lifetime,
            extra_claims={"preferred_username": username, "role": role},
        )

    @staticmethod
    def claims(user_id: str, username: str, email: str, role: str, amr: list[str]) -> dict:
        return {
            "method": "password",
            "provider": "prism",
            "claims": {
                "sub": user_id,
                "preferred_username": username,
                "email": email,
                "role": role,
                "amr": list(amr),
            },
        }

    # -- API keys ----------------------------------------------------------------------------------

    async def with_api_key(self, api_key: str) -> tuple[MintedToken, str, str]:
        if not api_key:
            raise InvalidArgument("api_key is required", field="api_key")
        try:
            answer = await self._ask(self._directory.VerifyApiKey, directory_pb2.VerifyApiKeyRequest(api_key=api_key))
        except Unauthenticated as refused:
            await self.audit_login("failed", None, "unknown", method="api_key", reason=refused.reason)
            raise
        organization, account = answer.organization, answer.service_account
        minted = await self.signer.mint_access_token(
            organization=organization,
            subject=account.canonical_name,
            client_id=account.canonical_name,
            lifetime_seconds=self.lifetime,
        )
        await self.audit_login(
            "succeeded",
            organization,
            account.canonical_name,
            method="api_key",
            claims={"sub": account.canonical_name, "role": "service_account"},
        )
        return minted, organization, account.canonical_name

    # -- anonymous sessions (spec 003) -------------------------------------------------------------

    async def anonymously(self, organization: str) -> tuple[MintedToken, str, str]:
        organization = organization or self.settings.default_organization or ""
        if not organization:
            raise InvalidArgument(
                "org is required (this server has no default organization, PRISM_DEFAULT_ORGANIZATION)", field="org"
            )
        if not SLUG_PATTERN.match(organization):
            raise InvalidArgument(f"org {organization!r} is not an organization slug", field="org")
        if not (await self._site_settings()).anonymous_sessions_enabled:
            raise PermissionDenied(
                "anonymous sessions are disabled on this server (site setting anonymous_sessions_enabled)",
                reason="ANONYMOUS_SESSIONS_DISABLED",
            )
        try:
            await self._ask(
                self._directory.GetOrganization,
                directory_pb2.GetOrganizationRequest(name=f"organizations/{organization}"),
            )
        except (NotFound, PermissionDenied):
            raise NotFound(f"organization {organization!r} does not exist", reason="ORGANIZATION_NOT_FOUND") from None
        subject = f"anonymous:{uuid.uuid4()}"
        minted = await self.signer.mint_access_token(
            organization=organization,
            subject=subject,
            client_id=ANONYMOUS_CLIENT,
            lifetime_seconds=self.settings.anonymous_token_lifetime_seconds,
            extra_claims={"anonymous": True, "amr": ["anon"]},
        )
        await self.audit_login("succeeded", organization, subject, method="anonymous", claims={"sub": subject})
        return minted, organization, subject

    async def _site_settings(self) -> directory_pb2.SiteSettings:
        now = time.monotonic()
        if self._site is None or self._site[0] < now:
            answer = await self._ask(
                self._directory.GetSiteSettings, directory_pb2.GetSiteSettingsRequest(name="siteSettings")
            )
            self._site = (now + SITE_SETTINGS_CACHE_SECONDS, answer.settings)
        return self._site[1]

    # -- shared --------------------------------------------------------------------------------------

    def issuer(self, organization: str) -> str:
        return issuer_for(self.signer.settings, organization)

    async def audit_login(self, stage: str, organization: str | None, actor: str, **details) -> None:
        """`gateway.login.<stage>` (spec 001's event names), recorded by the component that decides."""
        outcome = Outcome.FAILURE if stage == "failed" else Outcome.SUCCESS
        try:
            async with self.transactions.begin() as uow:
                await uow.audit(
                    AuditEvent(
                        action=f"gateway.login.{stage}",
                        target=f"organizations/{organization or '-'}",
                        actor=actor,
                        organization=organization,
                        outcome=outcome,
                        details=details,
                    )
                )
        except PrismError as exc:  # a login is not refused because its audit row could not be written
            raise Unavailable("could not record the login", debug=repr(exc)) from exc
