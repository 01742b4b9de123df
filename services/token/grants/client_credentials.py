"""RFC 6749 §4.4 client credentials: a confidential app gets a token for itself."""

from __future__ import annotations

from prism.runtime.errors import InvalidScope, UnauthorizedClient
from prism.token.v1 import token_pb2
from services.token.grants.context import GrantContext

GRANT_TYPE = "client_credentials"
USER_SCOPES = frozenset({"openid", "offline_access", "profile", "email"})  # meaningless without a user


async def handle(context: GrantContext, request: token_pb2.TokenRequest) -> token_pb2.TokenResponse:
    app = await context.authenticate_client(request.organization, request.client_id, request.client_secret)
    if GRANT_TYPE not in app.grant_types:
        raise UnauthorizedClient("this app may not use the client_credentials grant")
    allowed = [s for s in app.allowed_scopes if s not in USER_SCOPES]
    requested = request.parameters.get("scope", "").split()
    if requested:
        refused = sorted(set(requested) - set(allowed))
        if refused:
            raise InvalidScope(f"scope not allowed for this app: {' '.join(refused)}", field="scope")
        granted = list(dict.fromkeys(requested))
    else:
        granted = allowed
    lifetime = app.access_token_lifetime_seconds or context.settings.access_token_lifetime_seconds
    minted = await context.signer.mint_access_token(
        organization=request.organization,
        subject=app.client_id,
        client_id=app.client_id,
        scopes=granted,
        lifetime_seconds=lifetime,
    )
    return token_pb2.TokenResponse(
        access_token=minted.token, token_type="Bearer", expires_in=minted.expires_in, scope=" ".join(granted)
    )
