"""Who is calling, and may they? The authorization step of every service's interceptor chain.

- A call carrying the internal secret is the `system` caller (another Prism service).
- Otherwise the bearer token (`authorization` metadata) and the call's resource go to the authz
  service's Check, which verifies the token and decides; a refusal is PERMISSION_DENIED with its
  reason, a bad token UNAUTHENTICATED.
- Public methods (`public_methods.py`) called without a token run as the anonymous caller with no
  round trip to authz.
The authz service itself uses `InternalOnlyAuthorizer`: only other services may call it.
"""

from __future__ import annotations

from typing import Protocol

import grpc

from prism.authz.v1 import authz_pb2, authz_pb2_grpc
from prism.runtime.caller import ANONYMOUS, Caller
from prism.runtime.errors import PermissionDenied, PrismError, Unauthenticated, Unavailable
from prism.runtime.grpc_status import from_aio_error
from prism.runtime.internal_auth import internal_metadata, system_caller
from prism.runtime.public_methods import PUBLIC_METHODS

AUTHORIZATION_KEY = "authorization"
INSUFFICIENT_SCOPE = "INSUFFICIENT_SCOPE"  # reason of a refusal for an app token's missing scope
SCOPE_KEY = "scope"  # ErrorInfo metadata: the scope that would allow the call


class Authorizer(Protocol):
    async def authorize(self, method: str, metadata: dict[str, str], request) -> Caller: ...


def bearer_token(metadata: dict[str, str]) -> str:
    value = metadata.get(AUTHORIZATION_KEY, "")
    scheme, _, token = value.partition(" ")
    if not value:
        return ""
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthenticated("the authorization header must be `Bearer <access token>`", reason="BAD_AUTHORIZATION")
    return token.strip()


def resource_of(request) -> str:
    if request is None:
        return ""
    fields = request.DESCRIPTOR.fields_by_name
    for name in ("name", "parent"):
        if name in fields and getattr(request, name):
            return getattr(request, name)
    for field in request.DESCRIPTOR.fields:  # AIP Update: the resource is the message being updated
        if field.message_type is not None and not field.is_repeated and "name" in field.message_type.fields_by_name:
            if request.HasField(field.name) and getattr(request, field.name).name:
                return getattr(request, field.name).name
    return ""


def caller_from_proto(caller: authz_pb2.Caller) -> Caller:
    return Caller(
        subject=caller.subject,
        organization=caller.organization or None,
        kind=caller.kind or "anonymous",
        role=caller.role,
        platform_admin=caller.platform_admin,
        session_id=caller.session_id,
        auth_time=caller.auth_time,
    )


class AuthzClientAuthorizer:
    def __init__(self, channel: grpc.aio.Channel, component: str, internal_secret: str) -> None:
        self._stub = authz_pb2_grpc.AuthzServiceStub(channel)
        self._secret = internal_secret
        self._metadata = internal_metadata(component, internal_secret)

    async def authorize(self, method: str, metadata: dict[str, str], request) -> Caller:
        system = system_caller(metadata, self._secret)
        if system is not None:
            return system
        token = bearer_token(metadata)
        if not token and method in PUBLIC_METHODS:
            return ANONYMOUS
        check = authz_pb2.CheckRequest(token=token, permission=method, resource=resource_of(request))
        try:
            answer = await self._stub.Check(check, metadata=self._metadata, timeout=5, wait_for_ready=True)
        except grpc.aio.AioRpcError as error:
            raised = from_aio_error(error)
            if isinstance(raised, (Unauthenticated, PermissionDenied)):  # e.g. an anonymous session's token
                raise raised from None
            raise Unavailable("the authz service could not decide", debug=str(error)) from None
        if not answer.allowed:
            if answer.missing_scope:  # RFC 6750 insufficient_scope: the gateway names the scope
                raise PermissionDenied(
                    answer.reason, reason=INSUFFICIENT_SCOPE, metadata={SCOPE_KEY: answer.missing_scope}
                )
            raise PermissionDenied(answer.reason or "you may not do that", reason="DENIED")
        return caller_from_proto(answer.caller)


class InternalOnlyAuthorizer:
    def __init__(self, internal_secret: str) -> None:
        self._secret = internal_secret

    async def authorize(self, method: str, metadata: dict[str, str], request) -> Caller:
        system = system_caller(metadata, self._secret)
        if system is None:
            raise PermissionDenied("only Prism's own services may call this", reason="INTERNAL_ONLY")
        return system


__all__ = ["AuthzClientAuthorizer", "Authorizer", "InternalOnlyAuthorizer", "PrismError"]
