"""UserInfo (OpenID Connect Core §5.3), RP-initiated logout, and the session's own page token."""

from __future__ import annotations

from prism.runtime.audit import AuditEvent
from prism.runtime.errors import InvalidArgument, PermissionDenied, Unauthenticated
from prism.runtime.own_tokens import OwnTokenVerifier
from prism.runtime.scopes import CONSOLE_CLIENT_ID, granted_profile_fields
from prism.runtime.urls import with_query
from services.token.grants.context import GrantContext
from services.token.introspection import OwnTokens
from services.token.issuance import user_claims
from services.token.sessions import Sessions

PAGE_TOKEN_LIFETIME = 300  # seconds; the gateway's pages ask again for each request
PAGE_CLIENT_ID = CONSOLE_CLIENT_ID


class OpenIdEndpoints:
    def __init__(self, context: GrantContext, own_tokens: OwnTokens, sessions: Sessions) -> None:
        self.context = context
        self.own_tokens = own_tokens
        self.sessions = sessions
        self._id_tokens = OwnTokenVerifier(context.settings, context.signer.keys)

    async def userinfo(self, organization: str, access_token: str) -> dict:
        if not access_token:
            raise Unauthenticated("a bearer access token is required", reason="TOKEN_MISSING")
        claims = await self.own_tokens.claims_if_active(organization, access_token)
        if claims is None:
            raise Unauthenticated("the access token is invalid, expired or revoked", reason="INVALID_TOKEN")
        scopes = str(claims.get("scope", "")).split()
        if "openid" not in scopes:
            raise PermissionDenied("the access token was not granted the openid scope", reason="INSUFFICIENT_SCOPE")
        app = await self.context.app(organization, claims.get("client_id", ""))
        profile = await self.context.user_claims(
            organization, claims["sub"], granted_profile_fields(scopes, app.oidc_fields)
        )
        if profile is None:
            raise Unauthenticated("the user of this token no longer exists", reason="INVALID_TOKEN")
        return {"sub": claims["sub"], **user_claims(profile, scopes, app.oidc_fields)}

    async def end_session(self, organization: str, parameters: dict[str, str], session_token: str) -> str:
        """Ends the browser session; returns where to send the browser ("" for the signed-out page)."""
        hint = parameters.get("id_token_hint", "")
        target = parameters.get("post_logout_redirect_uri", "")
        client_id = parameters.get("client_id", "")
        subject = ""
        if hint:
            try:
                claims = await self._id_tokens.verify(hint, typ="JWT", expired_ok=True)
            except Unauthenticated:
                raise InvalidArgument(
                    "id_token_hint is not an ID token of this organization", field="id_token_hint"
                ) from None
            if claims.get("org") != organization:
                raise InvalidArgument(
                    "id_token_hint is not an ID token of this organization", field="id_token_hint"
                ) from None
            audience = claims.get("aud")
            if client_id and client_id != audience:
                raise InvalidArgument("client_id does not match the ID token's audience", field="client_id")
            client_id = audience if isinstance(audience, str) else ""
            subject = claims.get("sub", "")
        redirect = ""
        if target:
            if not client_id:
                raise InvalidArgument(
                    "post_logout_redirect_uri needs id_token_hint or client_id to know the app",
                    field="post_logout_redirect_uri",
                )
            app = await self.context.app(organization, client_id)
            if target not in app.post_logout_redirect_uris:  # exact match, as redirect URIs
                raise InvalidArgument(
                    "post_logout_redirect_uri is not registered for this app", field="post_logout_redirect_uri"
                )
            redirect = with_query(target, {"state": parameters.get("state", "")})
        session = await self.sessions.find(organization, session_token)
        if session is not None and (not subject or subject == session.user_id):
            async with self.context.transactions.begin() as uow:
                await self.sessions.end(uow, session)
                await uow.audit(
                    AuditEvent(
                        action="token.session.ended",
                        target=f"organizations/{organization}",
                        actor=session.user_id,
                        organization=organization,
                        details={"session": session.session_id, "client_id": client_id},
                    )
                )
        return redirect

    async def page_session(self, organization: str, session_token: str):
        """(user id, username, short access token) of a live browser session, for the gateway's pages."""
        session = await self.sessions.find(organization, session_token)
        if session is None:
            raise Unauthenticated("sign in first", reason="SESSION_REQUIRED")
        minted = await self.context.signer.mint_access_token(
            organization=organization,
            subject=session.user_id,
            client_id=PAGE_CLIENT_ID,
            lifetime_seconds=PAGE_TOKEN_LIFETIME,
            extra_claims={"sid": session.session_id, "auth_time": session.auth_time},
        )
        return session.user_id, session.username, minted.token
