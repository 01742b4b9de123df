"""The authz use cases: verify the token, learn the caller's grants, apply the policy."""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace

from prism.runtime.errors import PermissionDenied, Unauthenticated
from prism.runtime.public_methods import PUBLIC_METHODS
from services.authz.grants import DirectoryGrants, Grants
from services.authz.policy import Request, rule_for, segments
from services.authz.revocations import TokenRevocations
from services.authz.scopes import is_app_token, scope_refusal
from services.authz.tokens import TokenVerifier, VerifiedToken

log = logging.getLogger("prism.authz")


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: str
    token: VerifiedToken | None
    grants: Grants | None
    missing_scope: str = ""  # an app's token was refused for lacking this scope


class Checker:
    def __init__(self, verifier: TokenVerifier, grants: DirectoryGrants, revocations: TokenRevocations) -> None:
        self.verifier = verifier
        self.grants = grants
        self.revocations = revocations

    async def identify(self, token: str) -> tuple[VerifiedToken, Grants]:
        verified = await self.verifier.verify(token)
        if await self.revocations.revoked(str(verified.claims.get("jti", "")), verified.expires_at):
            raise Unauthenticated("the access token was revoked; sign in again", reason="TOKEN_REVOKED")
        if verified.claims.get("anonymous") is True:  # spec 003: an anonymous session owns nothing
            raise PermissionDenied(
                "an anonymous session cannot use Prism's API; sign in with an account", reason="ANONYMOUS_SESSION"
            )
        grants = await self.grants.of(verified.organization, verified.subject)
        if not grants.exists:
            raise Unauthenticated("the account this token was issued to no longer exists", reason="SUBJECT_GONE")
        return verified, grants

    async def check(self, token: str, permission: str, resource: str) -> Decision:
        if not token:
            if permission in PUBLIC_METHODS:
                return Decision(True, "", None, None)
            raise Unauthenticated(
                "this call needs an access token (Authorization: Bearer ...)", reason="TOKEN_REQUIRED"
            )
        verified, grants = await self.identify(token)
        rule = rule_for(permission)
        request = Request(verified.subject, verified.organization, grants, resource, segments(resource))
        if rule is None:
            reason = "no policy allows this call"
        else:
            reason = rule(request)
            if reason:  # grants are cached for a moment: a refusal is decided on fresh ones (a new team)
                request = replace(
                    request, grants=await self.grants.of(verified.organization, verified.subject, fresh=True)
                )
                reason = rule(request) if request.grants.exists else "account removed"
        grants = request.grants
        missing_scope = ""
        if not reason and is_app_token(verified.client_id, verified.subject, grants.role):
            refusal = scope_refusal(permission, request, verified.scopes)
            if refusal is not None:
                reason, missing_scope = refusal
        if reason:
            log.info(
                "refused %s on %s for %s",
                permission,
                resource or "-",
                verified.subject,
                extra={"organization": verified.organization, "reason": reason, "client_id": verified.client_id},
            )
        return Decision(reason is None or reason == "", reason or "", verified, grants, missing_scope)
