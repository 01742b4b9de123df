"""AuthzService servicer: proto <-> use cases."""

from __future__ import annotations

from prism.authz.v1 import authz_pb2, authz_pb2_grpc
from prism.runtime.errors import InvalidArgument, Unauthenticated
from services.authz.checks import Checker
from services.authz.grants import Grants
from services.authz.tokens import VerifiedToken


def _caller(token: VerifiedToken | None, grants: Grants | None) -> authz_pb2.Caller:
    if token is None or grants is None:
        return authz_pb2.Caller(subject="anonymous", kind="anonymous")
    kind = "service_account" if grants.role == "service_account" else "user"
    return authz_pb2.Caller(
        subject=token.subject,
        organization=token.organization,
        kind=kind,
        role=grants.role,
        platform_admin=grants.platform_admin,
        scopes=list(token.scopes),
        session_id=str(token.claims.get("sid", "")),
        auth_time=_auth_time(token),
    )


def _auth_time(token: VerifiedToken) -> int:
    """When the caller last proved who they are: a page token's session sign-in, else the token's issuance."""
    value = token.claims.get("auth_time" if token.claims.get("sid") else "iat", 0)
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


class AuthzServicer(authz_pb2_grpc.AuthzServiceServicer):
    def __init__(self, checker: Checker) -> None:
        self.checker = checker

    async def Check(self, request, context):
        if not request.permission.startswith("/"):
            raise InvalidArgument("permission must be a full gRPC method name", field="permission")
        decision = await self.checker.check(request.token, request.permission, request.resource)
        return authz_pb2.CheckResponse(
            allowed=decision.allowed,
            reason=decision.reason,
            caller=_caller(decision.token, decision.grants),
            missing_scope=decision.missing_scope,
        )

    async def Introspect(self, request, context):
        try:
            verified, grants = await self.checker.identify(request.token)
        except Unauthenticated:
            return authz_pb2.IntrospectResponse(active=False)
        return authz_pb2.IntrospectResponse(
            active=True, caller=_caller(verified, grants), expire_time=verified.expires_at, client_id=verified.client_id
        )
