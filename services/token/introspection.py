"""RFC 7662 introspection and RFC 7009 revocation of the organization's own access tokens.

A token is active when its signature verifies against a key its organization still publishes,
its `iss` and `org` are the endpoint's organization (a token of one organization is never active
at another's endpoints), it has not expired, and its `jti` has not been revoked. Revocations are
kept until the token would have expired anyway.
"""

from __future__ import annotations

import base64
import json
import time

from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import JWKRegistry
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from prism.runtime.audit import AuditEvent
from prism.runtime.errors import InvalidArgument, PrismError
from prism.runtime.issuer import issuer_for
from prism.runtime.service_app import Transactions
from services.token.grants.context import GrantContext
from services.token.tables import revocations

RFC7662_MEMBERS = ("scope", "client_id", "sub", "exp", "iat", "nbf", "iss", "aud", "jti", "org")


class OwnTokens:
    def __init__(self, transactions: Transactions, grants: GrantContext) -> None:
        self.transactions = transactions
        self.grants = grants
        self._imported: dict[str, object] = {}

    async def claims_if_active(self, organization: str, token: str) -> dict | None:
        try:
            header_part, payload_part, _ = token.split(".")
            header = json.loads(base64.urlsafe_b64decode(header_part + "=" * (-len(header_part) % 4)))
            payload = json.loads(base64.urlsafe_b64decode(payload_part + "=" * (-len(payload_part) % 4)))
        except (ValueError, UnicodeDecodeError):
            return None
        if not isinstance(header, dict) or not isinstance(payload, dict) or payload.get("org") != organization:
            return None
        try:
            keys = await self.grants.signer.keys.get(organization)
        except PrismError:
            return None
        key = next((k for k in keys.keys if k.kid == header.get("kid")), None)
        if key is None or header.get("alg") != key.algorithm:
            return None
        imported = self._imported.get(key.kid)
        if imported is None:
            imported = self._imported[key.kid] = JWKRegistry.import_key(key.jwk)
        try:
            claims = jwt.decode(token, imported, algorithms=[key.algorithm]).claims
        except JoseError:
            return None
        now = int(time.time())
        if claims.get("iss") != issuer_for(self.grants.settings, organization):
            return None
        if not isinstance(claims.get("exp"), int) or claims["exp"] <= now:
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
