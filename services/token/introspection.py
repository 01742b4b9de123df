"""RFC 7662 introspection and RFC 7009 revocation of the organization's own tokens.

Access tokens are JWTs; refresh tokens are opaque (services/token/refresh.py answers for them).

A token is active when its signature verifies against a key its organization still publishes,
its `iss` and `org` are the endpoint's organization (a token of one organization is never active
at another's endpoints), it has not expired, and its `jti` has not been revoked. Revocations are
kept until the token would have expired anyway.
"""

from __future__ import annotations

import time

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from prism.runtime.audit import AuditEvent
from prism.runtime.errors import InvalidArgument, Unauthenticated
from prism.runtime.own_tokens import OwnTokenVerifier
from prism.runtime.service_app import Transactions
from services.token.grants.context import GrantContext
from services.token.tables import revocations

RFC7662_MEMBERS = ("scope", "client_id", "sub", "exp", "iat", "nbf", "iss", "aud", "jti", "org")


class OwnTokens:
    def __init__(self, transactions: Transactions, grants: GrantContext) -> None:
        self.transactions = transactions
        self.grants = grants
        self._verifier = OwnTokenVerifier(grants.settings, grants.signer.keys)

    async def claims_if_active(self, organization: str, token: str) -> dict | None:
        try:
            claims = await self._verifier.verify(token)
        except Unauthenticated:
            return None
        if claims.get("org") != organization:  # never active at another organization's endpoints
            return None
        async with self.transactions.begin() as uow:
            revoked = await uow.session.execute(select(revocations.c.jti).where(revocations.c.jti == claims.get("jti")))
            if revoked.first() is not None:
                return None
        return claims

    async def introspect(self, organization: str, client_id: str, secret: str, token: str) -> dict | None:
        await self.grants.authenticate_client(organization, client_id, secret)
        if not token:
            raise InvalidArgument("token is required", field="token")
        if token.count(".") != 2:
            return await self.grants.refresh.claims_if_active(organization, token)
        claims = await self.claims_if_active(organization, token)
        if claims is None:
            return None
        answer = {name: claims[name] for name in RFC7662_MEMBERS if name in claims}
        answer["token_type"] = "Bearer"
        return answer

    async def revoke(self, organization: str, client_id: str, secret: str, token: str) -> bool:
        """Revoke `token` if it is active and was issued to this client; RFC 7009 answers 200 either way."""
        app = await self.grants.authenticate_client(organization, client_id, secret)
        if not token:
            raise InvalidArgument("token is required", field="token")
        if token.count(".") != 2:
            return await self.grants.refresh.revoke(organization, app.client_id, token)
        claims = await self.claims_if_active(organization, token)
        if claims is None or claims.get("client_id") != app.client_id or not claims.get("jti"):
            return False
        now = int(time.time())
        try:
            async with self.transactions.begin() as uow:
                await uow.session.execute(delete(revocations).where(revocations.c.expires_at < now))
                await uow.session.execute(
                    revocations.insert().values(
                        jti=claims["jti"], organization=organization, expires_at=claims["exp"], revoked_at=now
                    )
                )
                await uow.audit(
                    AuditEvent(
                        action="token.access_token.revoked",
                        target=f"organizations/{organization}",
                        actor=app.client_id,
                        organization=organization,
                        details={"jti": claims["jti"], "sub": claims.get("sub")},
                    )
                )
        except IntegrityError:
            return False  # revoked already
        return True

    async def revoked_among(self, token_ids: list[str]) -> list[str]:
        """Which of these `jti`s are revoked (for the authz service's checks)."""
        ids = [t for t in token_ids if t and len(t) <= 128][:100]
        if not ids:
            return []
        async with self.transactions.begin() as uow:
            rows = await uow.session.execute(select(revocations.c.jti).where(revocations.c.jti.in_(ids)))
            return [r[0] for r in rows]
