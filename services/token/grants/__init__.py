"""The token endpoint's grant types: one module each, one registry.

Every grant has the same small contract: `GRANT_TYPE`, and `async handle(context, request) ->
TokenResponse`. Client authentication happens first, in the order `authenticate_client` shows,
then the registry picks the grant and checks the client may use it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from prism.token.v1 import token_pb2
from services.token.grants import authorization_code, client_credentials, refresh_token
from services.token.grants.context import GrantContext

Handler = Callable[[GrantContext, token_pb2.TokenRequest], Awaitable[token_pb2.TokenResponse]]

REGISTRY: dict[str, Handler] = {
    authorization_code.GRANT_TYPE: authorization_code.handle,
    client_credentials.GRANT_TYPE: client_credentials.handle,
    refresh_token.GRANT_TYPE: refresh_token.handle,
}
