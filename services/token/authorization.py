"""The authorization endpoint of the code flow (RFC 6749 §4.1, OpenID Connect Core §3.1).

`authorize` checks the request in the order that decides where an error may go: until the client
and its redirect URI are known to match exactly, errors are raised (the gateway shows them on an
error page); after, they are sent to the app's redirect URI with `state` and `iss` (RFC 9207).
A valid request is kept as a pending row whose random id the sign-in and consent pages carry.
Each step then ends the same way, in `_next`: sign in, ask consent, or issue the code.
"""

from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit, urlunsplit

from sqlalchemy import delete, select, update

from prism.directory.v1 import directory_pb2
from prism.runtime.audit import AuditEvent, Outcome
from prism.runtime.errors import InvalidArgument, InvalidClient, NotFound, Unauthenticated
from prism.runtime.jws import random_id
from prism.runtime.scopes import KNOWN_SCOPES
from prism.runtime.service_app import Transactions
from prism.token.v1 import token_pb2
from services.token.grants.context import GrantContext
from services.token.sessions import Session, Sessions, digest
from services.token.tables import authorization_codes, authorization_requests, consents

log = logging.getLogger("prism.token.authorize")

REQUEST_LIFETIME = 900  # seconds a person has for the sign-in and consent pages
PROMPTS = frozenset({"none", "login", "consent", "select_account"})
CHALLENGE = re.compile(r"^[A-Za-z0-9_-]{43}$")  # BASE64URL(SHA-256(verifier)), RFC 7636 §4.2
LIMITS = {"state": 2048, "nonce": 512, "login_hint": 256, "scope": 2000}
BAD_SIGN_IN = "Invalid username or password."


class RedirectError(Exception):
    """An error of a request whose client and redirect URI are valid: it goes back to the app."""

    def __init__(self, error: str, description: str) -> None:
        super().__init__(description)
        self.error = error
        self.description = description


@dataclass(frozen=True)
class Pending:
    digest: str
    organization: str
    client_id: str
    redirect_uri: str
    scopes: tuple[str, ...]
    state: str
    nonce: str
    code_challenge: str
    prompt: frozenset[str]
    max_age: int | None
    login_hint: str
    session_digest: str | None
    authenticated_at: int | None
    expires_at: int


def with_query(uri: str, parameters: dict[str, str]) -> str:
    """`uri` with `parameters` added to its query (a registered URI may carry a query of its own)."""
    parts = urlsplit(uri)
    extra = urlencode({k: v for k, v in parameters.items() if v})
    query = f"{parts.query}&{extra}" if parts.query else extra
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, parts.fragment))


class AuthorizationFlow:
    def __init__(self, transactions: Transactions, context: GrantContext, sessions: Sessions) -> None:
        self.transactions = transactions
        self.context = context
        self.sessions = sessions
        self.settings = context.settings

    # -- the endpoint --------------------------------------------------------------------------

    async def authorize(self, organization: str, parameters: dict[str, str], session_token: str):
        app, redirect_uri = await self._client_and_redirect(organization, parameters)
        issuer = self.context.signer.issuer(organization)
        state = parameters.get("state", "")
        try:
            pending = self._checked_request(organization, app, redirect_uri, parameters)
        except RedirectError as error:
            return self._error_step(redirect_uri, issuer, state[: LIMITS["state"]], error)
        session = await self.sessions.find(organization, session_token)  # _next judges prompt and max_age
        async with self.transactions.begin() as uow:
            await uow.session.execute(
                delete(authorization_requests).where(authorization_requests.c.expires_at < self.sessions.now())
            )
            request_id = random_id(24)
            pending = _replace_digest(pending, digest(request_id))
            await uow.session.execute(authorization_requests.insert().values(**_row(pending, self.sessions.now())))
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

    def _checked_request(
        self, organization: str, app: directory_pb2.App, redirect_uri: str, parameters: dict[str, str]
    ) -> Pending:
        for name, limit in LIMITS.items():
            if len(parameters.get(name, "")) > limit:
                raise RedirectError("invalid_request", f"{name} is longer than {limit} characters")
        if "request" in parameters or "request_uri" in parameters:
            raise RedirectError("request_not_supported", "request objects are not supported")
        response_type = parameters.get("response_type", "")
        if not response_type:
            raise RedirectError("invalid_request", "response_type is required")
        if response_type != "code":
            raise RedirectError("unsupported_response_type", "only response_type=code is supported")
        if parameters.get("response_mode", "query") != "query":
            raise RedirectError("invalid_request", "only response_mode=query is supported")
        if "authorization_code" not in app.grant_types:
            raise RedirectError("unauthorized_client", "this app may not use the authorization code flow")
        requested = parameters.get("scope", "").split()
        if not requested:
            raise RedirectError("invalid_scope", "scope is required (for example: openid profile email)")
        unknown = sorted(set(requested) - KNOWN_SCOPES)
        if unknown:
            raise RedirectError("invalid_scope", f"unknown scope: {' '.join(unknown)}")
        refused = sorted(set(requested) - set(app.allowed_scopes))
        if refused:
            raise RedirectError("invalid_scope", f"scope not allowed for this app: {' '.join(refused)}")
        method = parameters.get("code_challenge_method", "")
        challenge = parameters.get("code_challenge", "")
        if method and method != "S256":
            raise RedirectError("invalid_request", "code_challenge_method must be S256 (plain is not accepted)")
        if challenge and not method:
            raise RedirectError("invalid_request", "code_challenge_method=S256 is required with code_challenge")
        if challenge and not CHALLENGE.match(challenge):
            raise RedirectError("invalid_request", "code_challenge must be 43 base64url characters (S256)")
        if method and not challenge:
            raise RedirectError("invalid_request", "code_challenge is required with code_challenge_method")
        if app.client_type == directory_pb2.CLIENT_TYPE_PUBLIC and not challenge:
            raise RedirectError("invalid_request", "public clients must use PKCE (code_challenge with S256)")
        prompt = frozenset(parameters.get("prompt", "").split())
        if prompt - PROMPTS:
            raise RedirectError("invalid_request", f"unknown prompt value: {' '.join(sorted(prompt - PROMPTS))}")
        if "none" in prompt and len(prompt) > 1:
            raise RedirectError("invalid_request", "prompt=none cannot be combined with other values")
        if "select_account" in prompt:  # one account per browser session: choosing one means signing in
            prompt = (prompt - {"select_account"}) | {"login"}
        max_age = None
        if "max_age" in parameters:
            raw = parameters["max_age"]
            if not raw.isdigit() or len(raw) > 10:
                raise RedirectError("invalid_request", "max_age must be a whole number of seconds")
            max_age = int(raw)
        return Pending(
            "",
            organization,
            app.client_id,
            redirect_uri,
            tuple(dict.fromkeys(requested)),
            parameters.get("state", ""),
            parameters.get("nonce", ""),
            challenge,
            prompt,
            max_age,
            parameters.get("login_hint", ""),
            None,
            None,
            self.sessions.now() + REQUEST_LIFETIME,
        )

    def _fresh_enough(self, pending: Pending, session: Session) -> bool:
        if pending.max_age is None:
            return True
        return self.sessions.now() - session.auth_time <= pending.max_age

    # -- the pages -----------------------------------------------------------------------------

    async def sign_in(self, organization: str, request_id: str, username: str, password: str):
        """Returns (session token or "", seconds it lasts, next step).

        Without a request id it is a plain sign-in (the Apps page): the step is empty on success.
        """
        if not request_id:
            return await self._plain_sign_in(organization, username, password)
        pending = await self._pending(organization, request_id)
        app = await self.context.app(organization, pending.client_id)
        if not username or not password:
            return "", 0, _login(request_id, app, username or pending.login_hint, "Enter your username and password.")
        try:
            user = await self.context.verify_password(organization, username, password)
        except Unauthenticated as refused:
            await self._audit(
                "token.login.failed",
                organization,
                username[:128],
                Outcome.FAILURE,
                method="password",
                client_id=app.client_id,
                reason=refused.reason,
            )
            return "", 0, _login(request_id, app, username, BAD_SIGN_IN)
        async with self.transactions.begin() as uow:
            token, session = await self.sessions.start(uow, organization, user.user_id, user.username)
            await uow.session.execute(
                update(authorization_requests)
                .where(authorization_requests.c.digest == pending.digest)
                .values(session_digest=session.digest, authenticated_at=session.auth_time)
            )
            await uow.audit(
                AuditEvent(
                    action="token.login.succeeded",
                    target=f"organizations/{organization}",
                    actor=user.user_id,
                    organization=organization,
                    details={"method": "password", "client_id": app.client_id, "session": session.session_id},
                )
            )
        pending = _replace_session(pending, session)
        return token, self.sessions.lifetime, await self._next(pending, request_id, app, session)

    async def _plain_sign_in(self, organization: str, username: str, password: str):
        failed = token_pb2.AuthorizationStep(login=token_pb2.LoginStep(login_hint=username, error=BAD_SIGN_IN))
        if not username or not password:
            return "", 0, failed
        try:
            user = await self.context.verify_password(organization, username, password)
        except Unauthenticated as refused:
            await self._audit(
                "token.login.failed",
                organization,
                username[:128],
                Outcome.FAILURE,
                method="password",
                reason=refused.reason,
            )
            return "", 0, failed
        async with self.transactions.begin() as uow:
            token, session = await self.sessions.start(uow, organization, user.user_id, user.username)
            await uow.audit(
                AuditEvent(
                    action="token.login.succeeded",
                    target=f"organizations/{organization}",
                    actor=user.user_id,
                    organization=organization,
                    details={"method": "password", "session": session.session_id},
                )
            )
        return token, self.sessions.lifetime, token_pb2.AuthorizationStep()

    async def decide(self, organization: str, request_id: str, session_token: str, approved: bool):
        pending = await self._pending(organization, request_id)
        app = await self.context.app(organization, pending.client_id)
        session = await self.sessions.find(organization, session_token)
        if session is None or session.digest != pending.session_digest:
            raise Unauthenticated(
                "your sign-in for this request has ended; start again from the app", reason="SESSION_REQUIRED"
            )
        issuer = self.context.signer.issuer(organization)
        if not approved:
            await self._forget(pending)
            await self._audit(
                "token.consent.denied", organization, session.user_id, Outcome.FAILURE, client_id=app.client_id
            )
            return self._error_step(
                pending.redirect_uri, issuer, pending.state, RedirectError("access_denied", "User denied access")
            )
        now = self.sessions.now()
        async with self.transactions.begin() as uow:
            key = (consents.c.organization == organization) & (consents.c.user_id == session.user_id)
            key = key & (consents.c.client_id == app.client_id)
            row = (await uow.session.execute(select(consents.c.scopes).where(key))).first()
            granted = sorted(set(row[0].split() if row else ()) | set(pending.scopes))
            if row:
                await uow.session.execute(update(consents).where(key).values(scopes=" ".join(granted), updated_at=now))
            else:
                await uow.session.execute(
                    consents.insert().values(
                        organization=organization,
                        user_id=session.user_id,
                        client_id=app.client_id,
                        scopes=" ".join(granted),
                        updated_at=now,
                    )
                )
            await uow.audit(
                AuditEvent(
                    action="token.consent.granted",
                    target=f"organizations/{organization}/apps/{app.client_id}",
                    actor=session.user_id,
                    organization=organization,
                    details={"scopes": list(pending.scopes)},
                )
            )
        return await self._issue_code(pending, session)

    async def _pending(self, organization: str, request_id: str) -> Pending:
        if not request_id or len(request_id) > 64:
            raise InvalidArgument("the sign-in request is missing; start again from the app", field="request")
        async with self.transactions.begin() as uow:
            row = (
                (
                    await uow.session.execute(
                        select(authorization_requests).where(
                            authorization_requests.c.digest == digest(request_id),
                            authorization_requests.c.organization == organization,
                            authorization_requests.c.expires_at > self.sessions.now(),
                        )
                    )
                )
                .mappings()
                .first()
            )
        if row is None:
            raise NotFound(
                "this sign-in request has expired or was already used; start again from the app",
                reason="AUTHORIZATION_REQUEST_NOT_FOUND",
            )
        return Pending(
            row["digest"],
            row["organization"],
            row["client_id"],
            row["redirect_uri"],
            tuple(row["scopes"].split()),
            row["state"],
            row["nonce"],
            row["code_challenge"],
            frozenset(row["prompt"].split()),
            row["max_age"],
            row["login_hint"],
            row["session_digest"],
            row["authenticated_at"],
            row["expires_at"],
        )

    # -- what happens next ---------------------------------------------------------------------

    async def _next(self, pending: Pending, request_id: str, app: directory_pb2.App, session: Session | None):
        issuer = self.context.signer.issuer(pending.organization)
        signed_in_now = pending.authenticated_at is not None and session is not None
        if session is not None and not signed_in_now:
            if "login" in pending.prompt or not self._fresh_enough(pending, session):
                session = None
        if session is None:
            if "none" in pending.prompt:
                await self._forget(pending)
                return self._error_step(
                    pending.redirect_uri,
                    issuer,
                    pending.state,
                    RedirectError("login_required", "the user is not signed in (prompt=none)"),
                )
            return _login(request_id, app, pending.login_hint, "")
        if pending.session_digest != session.digest:
            async with self.transactions.begin() as uow:
                await uow.session.execute(
                    update(authorization_requests)
                    .where(authorization_requests.c.digest == pending.digest)
                    .values(session_digest=session.digest)
                )
        if "consent" in pending.prompt or not await self._consented(pending, session):
            if "none" in pending.prompt:
                await self._forget(pending)
                return self._error_step(
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
                )
            )
        return await self._issue_code(pending, session)

    async def _consented(self, pending: Pending, session: Session) -> bool:
        async with self.transactions.begin() as uow:
            row = (
                await uow.session.execute(
                    select(consents.c.scopes).where(
                        consents.c.organization == pending.organization,
                        consents.c.user_id == session.user_id,
                        consents.c.client_id == pending.client_id,
                    )
                )
            ).first()
        return row is not None and set(pending.scopes) <= set(row[0].split())

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
                    digest=hashlib.sha256(code.encode()).hexdigest(),
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

    async def _forget(self, pending: Pending) -> None:
        async with self.transactions.begin() as uow:
            await uow.session.execute(
                delete(authorization_requests).where(authorization_requests.c.digest == pending.digest)
            )

    @staticmethod
    def _error_step(redirect_uri: str, issuer: str, state: str, error: RedirectError):
        query = {"error": error.error, "error_description": error.description, "state": state, "iss": issuer}
        return token_pb2.AuthorizationStep(redirect=with_query(redirect_uri, query))

    async def _audit(self, action: str, organization: str, actor: str, outcome: Outcome, **details) -> None:
        async with self.transactions.begin() as uow:
            await uow.audit(
                AuditEvent(
                    action=action,
                    target=f"organizations/{organization}",
                    actor=actor,
                    organization=organization,
                    outcome=outcome,
                    details=details,
                )
            )


def _login(request_id: str, app: directory_pb2.App, hint: str, error: str):
    return token_pb2.AuthorizationStep(
        login=token_pb2.LoginStep(request_id=request_id, app_name=app.display_name, login_hint=hint, error=error)
    )


def _row(pending: Pending, now: int) -> dict:
    return {
        "digest": pending.digest,
        "organization": pending.organization,
        "client_id": pending.client_id,
        "redirect_uri": pending.redirect_uri,
        "scopes": " ".join(pending.scopes),
        "state": pending.state,
        "nonce": pending.nonce,
        "code_challenge": pending.code_challenge,
        "prompt": " ".join(sorted(pending.prompt)),
        "max_age": pending.max_age,
        "login_hint": pending.login_hint,
        "session_digest": None,
        "authenticated_at": None,
        "created_at": now,
        "expires_at": pending.expires_at,
    }


def _replace_digest(pending: Pending, value: str) -> Pending:
    from dataclasses import replace

    return replace(pending, digest=value)


def _replace_session(pending: Pending, session: Session) -> Pending:
    from dataclasses import replace

    return replace(pending, session_digest=session.digest, authenticated_at=session.auth_time)
