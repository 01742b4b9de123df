"""The authorization endpoint of the code flow (RFC 6749 §4.1, OpenID Connect Core §3.1).

`authorize` checks the request in the order that decides where an error may go: until the client
and its redirect URI are known to match exactly, errors are raised (the gateway shows them on an
error page); after, they are sent to the app's redirect URI with `state` and `iss` (RFC 9207).
A valid request is kept as a pending row whose random id the sign-in and consent pages carry.
Each step then ends the same way, in `_next`: sign in, ask consent, or issue the code.

`AuthorizationFlow` is the façade the servicer and the SSO flow use; it owns the order of the steps,
the sign-in pages and the code. The pieces have their own homes: what a request may ask in
authorization_requests.py, the pending rows in pending_requests.py, consent and the `admin:*`
refusal in consent.py, and the step messages (pages, errors sent to the app) in authorization_steps.py.
"""

from __future__ import annotations

import logging
from dataclasses import replace

from sqlalchemy import delete

from prism.directory.v1 import directory_pb2
from prism.runtime.errors import InvalidArgument, InvalidClient, NotFound, Unauthenticated
from prism.runtime.jws import random_id
from prism.runtime.secrets import digest
from prism.runtime.service_app import Transactions
from prism.runtime.urls import with_query
from prism.token.v1 import token_pb2
from services.token.authorization_requests import LIMITS, Pending, RedirectError, checked_request
from services.token.authorization_steps import error_step, login_step, mfa_step
from services.token.consent import ConsentDecisions
from services.token.grants.context import GrantContext
from services.token.logins import Logins, check_local_signin
from services.token.pending_requests import PendingRequests
from services.token.sessions import Session, Sessions
from services.token.tables import authorization_codes, authorization_requests

log = logging.getLogger("prism.token.authorize")
BAD_SIGN_IN = "Invalid username or password."


class AuthorizationFlow:
    def __init__(self, transactions: Transactions, context: GrantContext, sessions: Sessions, logins: Logins) -> None:
        self.transactions = transactions
        self.context = context
        self.sessions = sessions
        self.logins = logins
        self.registry = None  # the upstream providers (organization SSO routing); set by the app builder
        self.settings = context.settings
        self.requests = PendingRequests(transactions, sessions.now)
        self.consents = ConsentDecisions(transactions, context, self.requests)

    # -- the endpoint --------------------------------------------------------------------------

    async def authorize(self, organization: str, parameters: dict[str, str], session_token: str):
        app, redirect_uri = await self._client_and_redirect(organization, parameters)
        issuer = self.context.signer.issuer(organization)
        state = parameters.get("state", "")
        try:
            pending = checked_request(organization, app, redirect_uri, parameters, self.sessions.now())
        except RedirectError as error:
            return error_step(redirect_uri, issuer, state[: LIMITS["state"]], error)
        session = await self.sessions.find(organization, session_token)  # _next judges prompt and max_age
        pending, request_id = await self.requests.keep(pending)
        return await self._next(pending, request_id, app, session)

    async def _client_and_redirect(self, organization: str, parameters: dict[str, str]):
        client_id = parameters.get("client_id", "")
        if not client_id:
            raise InvalidArgument("client_id is required", field="client_id")
        try:
            app = await self.context.app(organization, client_id)
        except InvalidClient as unknown:
            raise InvalidArgument(unknown.message, field="client_id", reason="UNKNOWN_CLIENT") from None
        redirect_uri = parameters.get("redirect_uri", "")
        if not redirect_uri:
            raise InvalidArgument("redirect_uri is required", field="redirect_uri")
        if redirect_uri not in app.redirect_uris:  # exact string match: no prefix, no wildcard, no normalizing
            raise InvalidArgument(
                "redirect_uri is not registered for this app (redirect URIs must match exactly)",
                field="redirect_uri",
                reason="REDIRECT_URI_MISMATCH",
            )
        return app, redirect_uri

    def _fresh_enough(self, pending: Pending, session: Session) -> bool:
        if pending.max_age is None:
            return True
        return self.sessions.now() - session.auth_time <= pending.max_age

    # -- the pages -----------------------------------------------------------------------------

    async def sign_in(self, organization: str, request_id: str, username: str, password: str, client_address: str = ""):
        """Returns (session token or "", seconds it lasts, next step).

        Without a request id it is a plain sign-in (the Apps page): the step is empty on success.
        With MFA_FORCE_LOCAL a right password leads to the second-factor step, not yet to a session.
        """
        check_local_signin(self.settings)
        pending = await self.requests.find(organization, request_id) if request_id else None
        app = await self.context.app(organization, pending.client_id) if pending else None
        routed = await self.registry.route(organization, username) if self.registry else None
        if routed is not None:  # organization SSO: these people sign in at their provider, not with a password
            query = {"org": organization, "login_hint": username}
            if request_id:
                query["request"] = request_id
            return "", 0, token_pb2.AuthorizationStep(redirect=with_query(f"/api/v1/login/{routed.slug}", query))
        if not username or not password:
            hint = username or (pending.login_hint if pending else "")
            return "", 0, login_step(request_id, app, hint, "Enter your username and password.")
        client = {"client_id": app.client_id} if app else {}
        await self.logins.audit_login("started", organization, username[:128], method="password", **client)
        try:
            user = await self.logins.verify_password(organization, username, password, client_address)
        except Unauthenticated as refused:
            details = {"method": "password", **client, "reason": refused.reason}
            await self.logins.audit_login("failed", organization, username[:128], **details)
            return "", 0, login_step(request_id, app, username, BAD_SIGN_IN)
        if self.logins.second_factor.required(user):
            challenge = await self.logins.second_factor.begin(
                organization, user, "browser", pending.digest if pending else None
            )
            return "", 0, mfa_step(request_id, app, user.username, challenge, "")
        return await self._signed_in(organization, user, pending, request_id, app, ["pwd"])

    async def verify_mfa(
        self,
        organization: str,
        request_id: str,
        ticket: str,
        code: str,
        password: str,
        client_address: str = "",
        passkey_assertion: str = "",
    ):
        """The second-factor page: (session token or "", seconds it lasts, next step)."""
        check_local_signin(self.settings)
        pending = await self.requests.find(organization, request_id) if request_id else None
        app = await self.context.app(organization, pending.client_id) if pending else None
        client = {"client_id": app.client_id} if app else {}

        async def confirm(org: str, username: str, again: str) -> None:
            await self.logins.verify_password(org, username, again, client_address)

        try:
            done = await self.logins.second_factor.finish(
                ticket, code, password, confirm, organization=organization, passkey_assertion=passkey_assertion
            )
        except (Unauthenticated, InvalidArgument) as refused:
            reason = getattr(refused, "reason", "") or "BAD_REQUEST"
            method = "passkey" if passkey_assertion else "totp"
            await self.logins.audit_login("failed", organization, "unknown", method=method, reason=reason, **client)
            challenge = await self.logins.second_factor.describe(ticket, organization)
            if challenge is None:
                return "", 0, login_step(request_id, app, "", refused.message)
            message = refused.message if reason != "BAD_CREDENTIALS" else "That password is not right."
            return "", 0, mfa_step(request_id, app, "", challenge, message)
        expected = pending.digest if pending else None
        if done.purpose != "browser" or done.request_digest != expected:
            raise Unauthenticated("this second-factor step belongs to another sign-in; start again from the app")
        answer = await self.context.user_claims(organization, done.user_id)
        if answer is None:
            raise Unauthenticated("this account no longer exists", reason="SUBJECT_GONE")
        return await self._signed_in(organization, answer.user, pending, request_id, app, list(done.amr))

    async def _signed_in(
        self,
        organization: str,
        user,
        pending: Pending | None,
        request_id: str,
        app,
        amr: list[str],
        login_details: dict | None = None,
    ):
        """Starts the session of a person who proved who they are; continues the authorization request."""
        client = {"client_id": app.client_id} if app else {}
        async with self.transactions.begin() as uow:
            token, session = await self.sessions.start(uow, organization, user.user_id, user.username, amr)
            if pending is not None:
                await self.requests.bind(
                    uow.session, pending, session_digest=session.digest, authenticated_at=session.auth_time
                )
        claims = login_details or self.logins.claims(user.user_id, user.username, user.email, user.role, amr)
        await self.logins.audit_login(
            "succeeded", organization, user.user_id, **client, session=session.session_id, **claims
        )
        if pending is None:
            return token, self.sessions.lifetime, token_pb2.AuthorizationStep()
        pending = replace(pending, session_digest=session.digest, authenticated_at=session.auth_time)
        return token, self.sessions.lifetime, await self._next(pending, request_id, app, session)

    async def decide(self, organization: str, request_id: str, session_token: str, approved: bool):
        pending = await self.requests.find(organization, request_id)
        app = await self.context.app(organization, pending.client_id)
        session = await self.sessions.find(organization, session_token)
        if session is None or session.digest != pending.session_digest:
            raise Unauthenticated(
                "your sign-in for this request has ended; start again from the app", reason="SESSION_REQUIRED"
            )
        if not approved:
            return await self.consents.deny(pending, session.user_id, app.client_id)
        refused = await self.consents.admin_scopes_refused(pending, session)
        if refused is not None:
            return refused
        await self.consents.grant(organization, session.user_id, app.client_id, pending, self.sessions.now())
        return await self._issue_code(pending, session)

    async def continue_elsewhere(self, organization: str, request_id: str) -> Pending:
        """The pending request a sign-in elsewhere (an SSO provider) will continue; checked now."""
        return await self.requests.find(organization, request_id)

    async def resume(self, organization: str, request_digest: str | None, user, amr: list[str], details: dict):
        """Back from a sign-in elsewhere: the request gets a new id (the old one travelled), then `_signed_in`."""
        if request_digest is None:
            return await self._signed_in(organization, user, None, "", None, amr, details)
        request_id = await self.requests.move(organization, request_digest)
        pending = await self.requests.find(organization, request_id)
        app = await self.context.app(organization, pending.client_id)
        return await self._signed_in(organization, user, pending, request_id, app, amr, details)

    # -- what happens next ---------------------------------------------------------------------

    async def _next(self, pending: Pending, request_id: str, app: directory_pb2.App, session: Session | None):
        issuer = self.context.signer.issuer(pending.organization)
        signed_in_now = pending.authenticated_at is not None and session is not None
        if session is not None and not signed_in_now:
            if "login" in pending.prompt or not self._fresh_enough(pending, session):
                session = None
        if session is None:
            if "none" in pending.prompt:
                await self.requests.forget(pending)
                return error_step(
                    pending.redirect_uri,
                    issuer,
                    pending.state,
                    RedirectError("login_required", "the user is not signed in (prompt=none)"),
                )
            return login_step(request_id, app, pending.login_hint, "")
        if pending.session_digest != session.digest:
            async with self.transactions.begin() as uow:
                await self.requests.bind(uow.session, pending, session_digest=session.digest)
        refused = await self.consents.admin_scopes_refused(pending, session)
        if refused is not None:
            return refused
        if "consent" in pending.prompt or not await self.consents.consented(pending, session):
            if "none" in pending.prompt:
                await self.requests.forget(pending)
                return error_step(
                    pending.redirect_uri,
                    issuer,
                    pending.state,
                    RedirectError("consent_required", "the user has not allowed these scopes (prompt=none)"),
                )
            return token_pb2.AuthorizationStep(
                consent=token_pb2.ConsentStep(
                    request_id=request_id,
                    app_name=app.display_name,
                    app_description=app.description,
                    scopes=list(pending.scopes),
                    user=session.username,
                    redirect_uri=pending.redirect_uri,
                    verified_domain=await self.context.verified_domain(pending.organization, app.client_id),
                )
            )
        return await self._issue_code(pending, session)

    async def _issue_code(self, pending: Pending, session: Session):
        code = random_id(32)
        now = self.sessions.now()
        async with self.transactions.begin() as uow:
            removed = await uow.session.execute(
                delete(authorization_requests).where(authorization_requests.c.digest == pending.digest)
            )
            if removed.rowcount != 1:  # two tabs raced for one request: only one gets a code
                raise NotFound("this sign-in request was already used; start again from the app")
            await uow.session.execute(delete(authorization_codes).where(authorization_codes.c.expires_at < now - 3600))
            await uow.session.execute(
                authorization_codes.insert().values(
                    digest=digest(code),
                    organization=pending.organization,
                    client_id=pending.client_id,
                    redirect_uri=pending.redirect_uri,
                    user_id=session.user_id,
                    session_id=session.session_id,
                    scopes=" ".join(pending.scopes),
                    nonce=pending.nonce,
                    code_challenge=pending.code_challenge,
                    auth_time=session.auth_time,
                    access_jti=random_id(),
                    family_id=random_id(),
                    created_at=now,
                    expires_at=now + self.settings.authorization_code_lifetime_seconds,
                )
            )
        issuer = self.context.signer.issuer(pending.organization)
        return token_pb2.AuthorizationStep(
            redirect=with_query(pending.redirect_uri, {"code": code, "state": pending.state, "iss": issuer})
        )
