"""OAuth 2.0 endpoints of the edge (form-encoded, RFC 6749 errors), per organization by path.

Today: the token endpoint's RFC 8693 token exchange, which assumes a service account with a token
of a trusted issuer (spec 000 step 6 in standard terms). The other grants arrive with the OAuth
provider work and take their place in `GRANTS`.
"""

from __future__ import annotations

from urllib.parse import parse_qsl

from starlette.requests import Request
from starlette.responses import JSONResponse

from prism.runtime.errors import (
    InvalidArgument,
    InvalidGrant,
    PermissionDenied,
    Unauthenticated,
    UnsupportedGrantType,
    UnsupportedMediaType,
)
from prism.runtime.resource_names import parse_organization_parent
from prism.token.v1 import token_grpc, token_pb2

TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange"
ACCESS_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:access_token"
NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}


async def _form(request: Request) -> dict[str, str]:
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type != "application/x-www-form-urlencoded":
        raise UnsupportedMediaType("the token endpoint takes application/x-www-form-urlencoded")
    form: dict[str, str] = {}
    for key, value in parse_qsl((await request.body()).decode("utf-8", "replace"), keep_blank_values=True):
        if key in form:
            raise InvalidArgument(f"parameter {key!r} appears more than once", field=key)
        form[key] = value
    return form


def _required(form: dict[str, str], name: str) -> str:
    value = form.get(name, "")
    if not value:
        raise InvalidArgument(f"{name} is required", field=name)
    return value


async def token_exchange(request: Request, organization: str, form: dict[str, str]) -> JSONResponse:
    clients = request.app.state.clients
    stub = token_grpc.TokenServiceStub(clients.channel("token"))
    exchange = token_pb2.ExchangeTokenRequest(
        organization=organization,
        subject_token=_required(form, "subject_token"),
        subject_token_type=_required(form, "subject_token_type"),
        audience=_required(form, "audience"),
        requested_token_type=form.get("requested_token_type", ""),
    )
    try:
        answer = await clients.call("token", stub.ExchangeToken, exchange)
    except (Unauthenticated, PermissionDenied) as refused:  # RFC 8693 §2.2.2: a bad subject token is invalid_grant
        raise InvalidGrant(refused.message, reason=refused.reason) from None
    token = answer.token
    return JSONResponse(
        {
            "access_token": token.access_token,
            "issued_token_type": ACCESS_TOKEN_TYPE,
            "token_type": "Bearer",
            "expires_in": token.expires_in,
        },
        headers=NO_STORE,
    )


GRANTS = {TOKEN_EXCHANGE: token_exchange}


async def organization_token_endpoint(request: Request) -> JSONResponse:
    organization = parse_organization_parent(f"organizations/{request.path_params['slug']}")
    form = await _form(request)
    grant_type = _required(form, "grant_type")
    handler = GRANTS.get(grant_type)
    if handler is None:
        raise UnsupportedGrantType(f"grant_type {grant_type!r} is not supported here")
    return await handler(request, organization, form)
