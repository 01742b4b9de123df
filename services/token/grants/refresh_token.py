"""RFC 6749 §6: a refresh token for a new access token (and the next refresh token).

The request may narrow the scope but never widen it. The user must still exist; every use
rotates the token (see services/token/refresh.py for reuse and the grace period).
"""

from __future__ import annotations

from prism.runtime.errors import InvalidArgument, InvalidScope, UnauthorizedClient
from prism.runtime.jws import random_id
from prism.token.v1 import token_pb2
from services.token.grants.context import GrantContext
from services.token.issuance import UserGrant

GRANT_TYPE = "refresh_token"


async def handle(context: GrantContext, request: token_pb2.TokenRequest) -> token_pb2.TokenResponse:
    app = await context.authenticate_client(request.organization, request.client_id, request.client_secret)
    if GRANT_TYPE not in app.grant_types:
        raise UnauthorizedClient("this app may not use the refresh_token grant")
    token = request.parameters.get("refresh_token", "")
    if not token:
        raise InvalidArgument("refresh_token is required", field="refresh_token")
    family = await context.refresh.rotate(request.organization, app.client_id, token)
    scopes = family.scopes
    requested = request.parameters.get("scope", "").split()
    if requested:
        wider = sorted(set(requested) - set(family.scopes))
        if wider:
            raise InvalidScope(f"scope wider than the original grant: {' '.join(wider)}", field="scope")
        scopes = tuple(s for s in family.scopes if s in requested)
        if "offline_access" not in scopes:  # the refresh token's own scope stays with the family
            scopes = (*scopes, "offline_access") if "offline_access" in family.scopes else scopes
    grant = UserGrant(
        family.organization,
        family.client_id,
        family.user_id,
        family.session_id,
        scopes,
        family.auth_time,
        family.family_id,
    )
    return await context.issuance.issue(app, grant, access_jti=random_id())
