"""RFC 6749 §4.1.3 with RFC 7636 PKCE: an authorization code for the tokens of the user's grant.

A code is spent by the one request that wins `UPDATE ... WHERE consumed_at IS NULL`, on any
replica. What it issues (the access token's `jti`, the refresh family) was fixed when the code
was made, so a replay revokes exactly that, even while the first redemption is still running
(RFC 6749 §4.1.2: "SHOULD revoke ... all tokens previously issued based on that authorization code").
Checks that fail before the code is spent (wrong client, redirect URI or verifier) do not burn it.
"""

from __future__ import annotations

import hashlib
import re

from sqlalchemy import select, update

from prism.runtime.audit import AuditEvent, Outcome
from prism.runtime.clock import MICROS
from prism.runtime.errors import InvalidArgument, InvalidGrant, UnauthorizedClient
from prism.runtime.secrets import b64url_encode, compare, digest
from prism.token.v1 import token_pb2
from services.token.grants.context import GrantContext
from services.token.issuance import UserGrant
from services.token.refresh import Family, revoke_access_tokens
from services.token.tables import authorization_codes

GRANT_TYPE = "authorization_code"
VERIFIER = re.compile(r"^[A-Za-z0-9._~-]{43,128}$")  # RFC 7636 §4.1
INVALID = "the authorization code is invalid, expired or already used"


async def handle(context: GrantContext, request: token_pb2.TokenRequest) -> token_pb2.TokenResponse:
    app = await context.authenticate_client(request.organization, request.client_id, request.client_secret)
    if GRANT_TYPE not in app.grant_types:
        raise UnauthorizedClient("this app may not use the authorization_code grant")
    code = request.parameters.get("code", "")
    if not code:
        raise InvalidArgument("code is required", field="code")
    redirect_uri = request.parameters.get("redirect_uri", "")
    verifier = request.parameters.get("code_verifier", "")
    if verifier and not VERIFIER.match(verifier):
        raise InvalidGrant("code_verifier must be 43 to 128 characters of [A-Za-z0-9._~-]", reason="PKCE_FAILED")
    code_digest = digest(code)
    now = context.signer.clock.now_micros() // MICROS
    async with context.transactions.begin() as uow:
        row = (
            (await uow.session.execute(select(authorization_codes).where(authorization_codes.c.digest == code_digest)))
            .mappings()
            .first()
        )
    if row is None or row["organization"] != request.organization or row["client_id"] != app.client_id:
        raise InvalidGrant(INVALID, reason="INVALID_CODE")
    if row["consumed_at"] is not None:
        await _replayed(context, row, app.client_id)
    if row["expires_at"] <= now:
        raise InvalidGrant("the authorization code has expired", reason="CODE_EXPIRED")
    if redirect_uri != row["redirect_uri"]:
        raise InvalidGrant("redirect_uri does not match the one of the authorization request", reason="BAD_REDIRECT")
    if row["code_challenge"]:
        if not verifier:
            raise InvalidGrant("code_verifier is required (PKCE)", reason="PKCE_FAILED")
        computed = b64url_encode(hashlib.sha256(verifier.encode("ascii")).digest())
        if not compare(computed, row["code_challenge"]):
            raise InvalidGrant("code_verifier does not match the code_challenge", reason="PKCE_FAILED")
    elif verifier:
        raise InvalidGrant("code_verifier was sent but the authorization request had no code_challenge")
    async with context.transactions.begin() as uow:
        spent = await uow.session.execute(
            update(authorization_codes)
            .where(authorization_codes.c.digest == code_digest, authorization_codes.c.consumed_at.is_(None))
            .values(consumed_at=now)
        )
    if spent.rowcount != 1:  # another request won the race
        await _replayed(context, row, app.client_id)
    grant = UserGrant(
        row["organization"],
        row["client_id"],
        row["user_id"],
        row["session_id"],
        tuple(row["scopes"].split()),
        row["auth_time"],
        row["family_id"],
    )
    return await context.issuance.issue(app, grant, access_jti=row["access_jti"], nonce=row["nonce"])


async def _replayed(context: GrantContext, row, client_id: str):
    """A second redemption: revoke what the first one issued (or will issue), then refuse."""
    now = context.signer.clock.now_micros() // MICROS
    family = Family(
        row["family_id"],
        row["organization"],
        row["client_id"],
        row["user_id"],
        row["session_id"],
        tuple(row["scopes"].split()),
        row["auth_time"],
    )
    await context.refresh.revoke_family(
        row["family_id"], "authorization_code_replayed", actor=client_id, tombstone=family
    )
    async with context.transactions.begin() as uow:
        await revoke_access_tokens(
            uow.session, row["organization"], [(row["access_jti"], now + context.settings.access_tokens_max_age)], now
        )
        await uow.audit(
            AuditEvent(
                action="token.authorization_code.replayed",
                target=f"organizations/{row['organization']}/apps/{client_id}",
                actor=client_id,
                organization=row["organization"],
                outcome=Outcome.FAILURE,
                details={"user": row["user_id"], "family": row["family_id"]},
            )
        )
    raise InvalidGrant(INVALID, reason="CODE_REPLAYED")
