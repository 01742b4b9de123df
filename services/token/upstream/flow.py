"""Sign-in through an upstream SSO provider, from the button on the sign-in page to the session.

`start` keeps the sign-in in flight (state, nonce and PKCE verifier; the row holds the state's
SHA-256) and answers the provider's authorization URL. `finish`, at the callback, consumes that
row once, has the provider's answer verified (`UpstreamOidc`), asks the directory for the external
account of (provider, subject) — which may create it —, starts the browser session and continues
the authorization request where the sign-in page left it. External accounts never give a
password, so forced MFA does not apply: their identity provider enforces its own factors.

Where an account may be created: a platform provider creates accounts in the platform's own
organizations (PRISM_DEFAULT_ORGANIZATION and PRISM_PLATFORM_ORGANIZATION); in any other
organization the person signs in only to an external account that exists (an admin made it, or an
invitation), because platform SSO does not make anyone a member of an organization (spec 001).
"""

from __future__ import annotations

import logging

import grpc
from sqlalchemy import delete, select

from prism.directory.v1 import directory_pb2, directory_pb2_grpc
from prism.runtime.errors import InvalidArgument, NotFound, PermissionDenied, Unauthenticated
from prism.runtime.grpc_status import from_aio_error
from prism.runtime.internal_auth import internal_metadata
from prism.runtime.jws import random_id
from prism.runtime.secrets import compare, digest
from prism.runtime.service_app import Transactions
from prism.token.v1 import token_pb2
from services.token.authorization import AuthorizationFlow
from services.token.settings import TokenSettings
from services.token.tables import upstream_logins
from services.token.upstream.oidc import UpstreamError, UpstreamOidc, authorization_url
from services.token.upstream.registry import ProviderRegistry
from services.token.upstream.saml import SAML as SAML_NS
from services.token.upstream.saml import (
    authn_request_url,
    claimed_assertion_id,
    decode_response,
    new_request_id,
    signed_assertion,
    sp_metadata,
    verify_response,
)
from services.token.upstream.saml_replay import SamlReplayGuard

log = logging.getLogger("prism.token.upstream")
IN_FLIGHT_SECONDS = 600
CALLBACK_PATH = "/api/v1/login/callback"


class UpstreamLogins:
    def __init__(
        self,
        transactions: Transactions,
        flow: AuthorizationFlow,
        registry: ProviderRegistry,
        oidc: UpstreamOidc,
        directory: grpc.aio.Channel,
        internal_secret: str,
        settings: TokenSettings,
    ) -> None:
        self.transactions = transactions
        self.flow = flow
        self.registry = registry
        self.oidc = oidc
        self._directory = directory_pb2_grpc.DirectoryServiceStub(directory)
        self._metadata = internal_metadata("token", internal_secret)
        self.settings = settings
        self.redirect_uri = settings.public_url + CALLBACK_PATH
        self.saml_assertions = SamlReplayGuard(transactions, flow.sessions.now)

    async def options(self, organization: str) -> token_pb2.GetLoginOptionsResponse:
        providers = await self.registry.for_organization(organization)
        return token_pb2.GetLoginOptionsResponse(
            providers=[
                token_pb2.UpstreamProvider(slug=p.slug, label=p.label, icon=p.icon, type=p.type)
                for p in providers.values()
            ],
            local_signin=not self.settings.disable_local_signin,
            local_signup=not self.settings.disable_local_signup,
        )

    async def start(
        self, organization: str, slug: str, request_id: str, invitation: str = "", login_hint: str = ""
    ) -> tuple[str, str]:
        """(the provider's authorization URL, the binding secret the browser keeps until the callback)."""
        provider = (await self.registry.for_organization(organization)).get(slug)
        if provider is None:
            raise NotFound(f"there is no SSO provider {slug!r} for this organization", reason="UNKNOWN_PROVIDER")
        pending = await self.flow.continue_elsewhere(organization, request_id) if request_id else None
        state, nonce, verifier, binding = random_id(32), random_id(24), random_id(48), random_id(24)
        if provider.type == "saml":  # the AuthnRequest's ID, for InResponseTo; SAML has no PKCE
            nonce, verifier = new_request_id(), ""
        now = self.flow.sessions.now()
        async with self.transactions.begin() as uow:
            await uow.session.execute(delete(upstream_logins).where(upstream_logins.c.expires_at < now))
            await uow.session.execute(
                upstream_logins.insert().values(
                    state_digest=digest(state),
                    organization=organization,
                    provider=slug,
                    request_digest=pending.digest if pending else None,
                    binding_digest=digest(binding),
                    invitation_digest=digest(invitation) if invitation else None,
                    nonce=nonce,
                    code_verifier=verifier,
                    created_at=now,
                    expires_at=now + IN_FLIGHT_SECONDS,
                )
            )
        client = {"client_id": pending.client_id} if pending else {}
        await self.flow.logins.audit_login("started", organization, "unknown", method="sso", provider=slug, **client)
        if provider.type == "saml":  # RelayState carries the state: the row of this sign-in
            url = authn_request_url(
                provider,
                request_id=nonce,
                relay_state=state,
                acs_url=self.redirect_uri,
                entity_id=provider.entity_id(self.settings.public_url),
                now=now,
            )
        else:
            url = authorization_url(
                provider,
                redirect_uri=self.redirect_uri,
                state=state,
                nonce=nonce,
                verifier=verifier,
                login_hint=login_hint,
            )
        return url, binding

    async def saml_metadata(self, organization: str, slug: str) -> str:
        """The SP metadata of a SAML provider, for the IdP admin."""
        provider = (await self.registry.for_organization(organization)).get(slug)
        if provider is None or provider.type != "saml":
            raise NotFound(f"there is no SAML provider {slug!r} for this organization", reason="UNKNOWN_PROVIDER")
        return sp_metadata(provider.entity_id(self.settings.public_url), self.redirect_uri)

    async def finish(self, parameters: dict[str, str], binding: str, invitation: str = ""):
        """(organization, session token, seconds it lasts, next step)."""
        saml = "SAMLResponse" in parameters
        state = parameters.get("RelayState" if saml else "state", "")
        if not state or len(state) > 128:
            raise InvalidArgument(
                "the sign-in callback has no state; start again from the sign-in page",
                field="RelayState" if saml else "state",
            )
        row = await self._consume(state)
        if row is None:
            if saml:
                await self._refuse_replay(parameters["SAMLResponse"])
            raise Unauthenticated(
                "this sign-in has expired or was already completed; start again from the sign-in page",
                reason="UPSTREAM_STATE_UNKNOWN",
            )
        organization, slug = row["organization"], row["provider"]
        if not compare(digest(binding or "-"), row["binding_digest"]):
            await self._failed(organization, slug, "BROWSER_MISMATCH")
            raise Unauthenticated(
                "this sign-in was started in another browser; start again from the sign-in page",
                reason="UPSTREAM_BROWSER_MISMATCH",
            )
        provider = (await self.registry.for_organization(organization)).get(slug)
        if provider is None:
            raise NotFound(f"the SSO provider {slug!r} is no longer configured", reason="UNKNOWN_PROVIDER")
        if parameters.get("error"):
            reason = f"provider answered {parameters['error'][:64]}"
            await self._failed(organization, slug, "PROVIDER_ERROR", error=parameters["error"][:64])
            raise Unauthenticated(f"{provider.label} did not sign you in ({reason})", reason="UPSTREAM_DENIED")
        try:
            identity = await self._identity(provider, parameters, row)
        except UpstreamError as refused:
            await self._failed(organization, slug, refused.reason, detail=refused.message)
            log.warning("sign-in through %s refused: %s", slug, refused.message, extra={"organization": organization})
            message = f"sign-in through {provider.label} failed: {refused.message}"
            raise Unauthenticated(message, reason=refused.reason) from None
        if row["invitation_digest"] is not None:
            user = await self._accept_invitation(row, invitation, slug, identity)
            details = {"method": "sso", "provider": slug, "invitation": True, "claims": identity.claims}
            token, lifetime, step = await self.flow.resume(organization, row["request_digest"], user, ["ext"], details)
            return organization, token, lifetime, step
        # an organization's own provider makes members (spec 001); the platform's only in its own organizations
        own = provider.organization == organization
        create = own or organization in {self.settings.default_organization, self.settings.platform_organization}
        try:
            answer = await self._ask(
                self._directory.ResolveExternalUser,
                directory_pb2.ResolveExternalUserRequest(
                    organization=organization,
                    provider=slug,
                    subject=identity.subject,
                    email=identity.email,
                    email_verified=identity.email_verified,
                    given_name=identity.given_name,
                    family_name=identity.family_name,
                    create=create,
                ),
            )
        except NotFound:
            await self._failed(organization, slug, "NO_ACCOUNT", claims=identity.claims)
            raise PermissionDenied(
                f"you signed in with {provider.label}, but you have no account in this organization; "
                "ask one of its admins for an invitation",
                reason="NO_ACCOUNT",
            ) from None
        user = answer.user
        details = {
            "method": "sso",
            "provider": slug,
            "provider_scope": "organization" if own else "platform",
            "created": answer.created,
            "claims": identity.claims,  # what the provider sent: the source of attributesMapping
        }
        token, lifetime, step = await self.flow.resume(organization, row["request_digest"], user, ["ext"], details)
        return organization, token, lifetime, step

    async def _identity(self, provider, parameters: dict[str, str], row):
        if provider.type != "saml":
            return await self.oidc.identity(
                provider,
                code=parameters.get("code", ""),
                verifier=row["code_verifier"],
                redirect_uri=self.redirect_uri,
                nonce=row["nonce"],
            )
        if "SAMLResponse" not in parameters:
            raise UpstreamError("SAML_MALFORMED", "the identity provider did not POST a SAMLResponse")
        assertion = verify_response(
            provider,
            parameters["SAMLResponse"],
            acs_url=self.redirect_uri,
            audience=provider.expected_audience(self.settings.public_url),
            request_id=row["nonce"],
            now=self.flow.sessions.now(),
        )
        first = await self.saml_assertions.first_use(
            row["organization"], provider.slug, assertion.assertion_id, assertion.usable_until
        )
        if not first:
            raise UpstreamError("SAML_REPLAYED", "this assertion was already used to sign in")
        return assertion.identity

    async def _refuse_replay(self, encoded: str) -> None:
        """A SAMLResponse whose sign-in is over: if its (genuinely signed) assertion already signed someone
        in, the refusal is an audit event of that organization, not just an expired page."""
        try:
            root = decode_response(encoded)
        except UpstreamError:
            return
        assertion_id = claimed_assertion_id(root)
        used = await self.saml_assertions.used_with(assertion_id)
        if used is None:
            return
        organization, slug = used
        provider = (await self.registry.for_organization(organization)).get(slug)
        if provider is None or provider.type != "saml":
            return
        try:
            signed = signed_assertion(provider, root, next(root.iter(f"{{{SAML_NS}}}Assertion")))
        except UpstreamError:
            return
        if signed.get("ID") != assertion_id:
            return
        await self._failed(organization, slug, "SAML_REPLAYED", detail="this assertion was already used to sign in")
        raise Unauthenticated(
            "this sign-in was already completed (its SAML assertion was used before); "
            "start again from the sign-in page",
            reason="SAML_REPLAYED",
        )

    async def _accept_invitation(self, row, invitation: str, slug: str, identity):
        """The invitation the sign-in started from, accepted by the identity's external account (made if new)."""
        organization = row["organization"]
        if not invitation or not compare(digest(invitation), row["invitation_digest"]):
            await self._failed(organization, slug, "INVITATION_MISMATCH")
            raise Unauthenticated(
                "the invitation of this sign-in is missing; open the invitation link again",
                reason="INVITATION_MISMATCH",
            )
        answer = await self._ask(
            self._directory.AcceptInvitation,
            directory_pb2.AcceptInvitationRequest(
                token=invitation,
                external=directory_pb2.ExternalIdentity(
                    provider=slug,
                    subject=identity.subject,
                    email=identity.email,
                    email_verified=identity.email_verified,
                    given_name=identity.given_name,
                    family_name=identity.family_name,
                ),
            ),
        )
        if answer.invitation.organization != organization:
            raise PermissionDenied("this invitation is for another organization", reason="INVITATION_MISMATCH")
        return answer.user

    async def _consume(self, state: str):
        key = upstream_logins.c.state_digest == digest(state)
        async with self.transactions.begin() as uow:
            row = (
                (
                    await uow.session.execute(
                        select(upstream_logins).where(key, upstream_logins.c.expires_at > self.flow.sessions.now())
                    )
                )
                .mappings()
                .first()
            )
            if row is None:
                return None
            removed = await uow.session.execute(delete(upstream_logins).where(key))
        return row if removed.rowcount == 1 else None

    async def _failed(self, organization: str, provider: str, reason: str, **details) -> None:
        await self.flow.logins.audit_login(
            "failed", organization, "unknown", method="sso", provider=provider, reason=reason, **details
        )

    async def _ask(self, method, request):
        try:
            return await method(request, metadata=self._metadata, timeout=10, wait_for_ready=True)
        except grpc.aio.AioRpcError as error:
            raise from_aio_error(error) from None
