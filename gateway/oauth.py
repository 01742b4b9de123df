"""OAuth 2.0 endpoints of the edge (form-encoded, RFC 6749 errors), per organization by path.

The token endpoint authenticates the client (Basic or body, RFC 6749 §2.3.1) and hands the grant
to the token service's registry (`services/token/grants/`): client_credentials today. The RFC 8693
token exchange, which assumes a service account with a token of a trusted issuer (spec 000 step 6
in standard terms), has its own parameters and handler.
"""

from __future__ import annotations

import base64
import binascii
from urllib.parse import parse_qsl, unquote_plus

from google.protobuf import json_format
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from prism.runtime.errors import (
    InvalidArgument,
    InvalidClient,
    InvalidGrant,
    PermissionDenied,
    Unauthenticated,
    UnsupportedMediaType,
)
from prism.runtime.structs import plain
from prism.token.v1 import token_grpc, token_pb2

TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange"
ACCESS_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:access_token"
NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}


def parse_parameters(encoded: str, multi: tuple[str, ...] = ()) -> dict:
    """Form or query parameters: each at most once (RFC 6749 §3.1), except the `multi` ones, as lists."""
    values: dict = {name: [] for name in multi}
    for key, value in parse_qsl(encoded, keep_blank_values=True):
        if key in multi:
            values[key].append(value)
        elif key in values:
            raise InvalidArgument(f"parameter {key!r} appears more than once", field=key)
        else:
            values[key] = value
    return values


async def read_form(request: Request, multi: tuple[str, ...] = ()) -> dict:
    raw = await request.body()
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if raw and content_type != "application/x-www-form-urlencoded":
        raise UnsupportedMediaType("this endpoint takes application/x-www-form-urlencoded")
    return parse_parameters(raw.decode("utf-8", "replace"), multi)


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


def client_credentials_of(request: Request, form: dict[str, str]) -> tuple[str, str]:
    """client_secret_basic or client_secret_post (RFC 6749 §2.3.1), never both; or a public client's id."""
    header = request.headers.get("authorization", "")
    in_body = "client_secret" in form
    if header:
        scheme, _, value = header.partition(" ")
        if scheme.lower() != "basic":
            raise InvalidClient("client authentication must use HTTP Basic or the request body")
        if in_body:
            raise InvalidArgument("use one client authentication method, not Basic and the body together")
        try:
            client_id, _, secret = base64.b64decode(value.strip(), validate=True).decode().partition(":")
        except (binascii.Error, UnicodeDecodeError):
            raise InvalidClient("the Basic credentials are not valid base64") from None
        return unquote_plus(client_id), unquote_plus(secret)
    return form.get("client_id", ""), form.get("client_secret", "")


async def generic_grant(request: Request, organization: str, form: dict[str, str]) -> JSONResponse:
    client_id, secret = client_credentials_of(request, form)
    parameters = {k: v for k, v in form.items() if k not in ("grant_type", "client_id", "client_secret")}
    clients = request.app.state.clients
    stub = token_grpc.TokenServiceStub(clients.channel("token"))
    answer = await clients.call(
        "token",
        stub.Token,
        token_pb2.TokenRequest(
            organization=organization,
            grant_type=form["grant_type"],
            parameters=parameters,
            client_id=client_id,
            client_secret=secret,
        ),
    )
    body = {"access_token": answer.access_token, "token_type": answer.token_type, "expires_in": answer.expires_in}
    for name in ("scope", "refresh_token", "id_token"):
        if getattr(answer, name):
            body[name] = getattr(answer, name)
    return JSONResponse(body, headers=NO_STORE)


# grants with their own form handling; every other grant_type goes to the token service's registry
GRANTS = {TOKEN_EXCHANGE: token_exchange}


async def organization_token_endpoint(request: Request) -> JSONResponse:
    organization = request.app.state.browser.organization(request)
    form = await read_form(request)
    grant_type = _required(form, "grant_type")
    handler = GRANTS.get(grant_type, generic_grant)
    return await handler(request, organization, form)


async def organization_introspection_endpoint(request: Request) -> JSONResponse:
    """RFC 7662: `{"active": false}` for anything not active, the token's members otherwise."""
    organization = request.app.state.browser.organization(request)
    form = await read_form(request)
    client_id, secret = client_credentials_of(request, form)
    clients = request.app.state.clients
    stub = token_grpc.TokenServiceStub(clients.channel("token"))
    answer = await clients.call(
        "token",
        stub.IntrospectToken,
        token_pb2.IntrospectTokenRequest(
            organization=organization,
            client_id=client_id,
            client_secret=secret,
            token=_required(form, "token"),
            token_type_hint=form.get("token_type_hint", ""),
        ),
    )
    if not answer.active:
        return JSONResponse({"active": False}, headers=NO_STORE)
    body = {"active": True, **plain(json_format.MessageToDict(answer.claims))}
    return JSONResponse(body, headers=NO_STORE)


async def organization_revocation_endpoint(request: Request) -> Response:
    """RFC 7009: 200 with an empty body, whether or not there was anything to revoke."""
    organization = request.app.state.browser.organization(request)
    form = await read_form(request)
    client_id, secret = client_credentials_of(request, form)
    clients = request.app.state.clients
    stub = token_grpc.TokenServiceStub(clients.channel("token"))
    await clients.call(
        "token",
        stub.RevokeToken,
        token_pb2.RevokeTokenRequest(
            organization=organization,
            client_id=client_id,
            client_secret=secret,
            token=_required(form, "token"),
            token_type_hint=form.get("token_type_hint", ""),
        ),
    )
    return Response(status_code=200, headers=NO_STORE)
