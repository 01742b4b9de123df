"""Step 3 of step-up (spec 002): the app redeems the code (`VerifyChallengeCode`).

The code lives 5 minutes and is spent once. App, redirect URI and PKCE verifier are checked first
without spending it; then `UPDATE … SET code_redeemed_at WHERE code_redeemed_at IS NULL` spends it on
exactly one replica. The answer is spec 002's proof: user, app, time, action, nonce and method."""

from __future__ import annotations

from sqlalchemy import and_, select, update

from prism.runtime.clock import MICROS, Clock
from prism.runtime.errors import InvalidGrant
from prism.runtime.secrets import compare, digest, pkce_s256
from prism.runtime.service_app import Transactions
from services.stepup.challenge_scope import checked_organization
from services.stepup.directory_calls import DirectoryCalls
from services.stepup.tables import challenges

BAD_CODE = "Code expired or invalid"


class CodeRedemption:
    def __init__(self, transactions: Transactions, directory: DirectoryCalls, clock: Clock) -> None:
        self.transactions = transactions
        self.directory = directory
        self.clock = clock

    async def verify(self, request) -> dict:
        organization = checked_organization(request.organization)
        app = await self.directory.client(organization, request.client_id, request.client_secret)
        if not request.code or len(request.code) > 128:
            raise InvalidGrant(BAD_CODE)
        now = self.clock.now_micros() // MICROS
        query = select(challenges).where(
            challenges.c.code_digest == digest(request.code), challenges.c.organization == organization
        )
        async with self.transactions.begin() as uow:
            row = (await uow.session.execute(query)).mappings().first()
        if row is None or row["code_expires_at"] is None or row["code_expires_at"] <= now:
            raise InvalidGrant(BAD_CODE)
        if row["client_id"] != app.client_id or row["redirect_uri"] != request.redirect_uri:
            raise InvalidGrant("the code was issued to another client or redirect_uri")
        if row["code_challenge"]:
            if not request.code_verifier or not compare(pkce_s256(request.code_verifier), row["code_challenge"]):
                raise InvalidGrant("code_verifier does not match the code_challenge")
        async with self.transactions.begin() as uow:
            redeemed = await uow.session.execute(
                update(challenges)
                .where(and_(challenges.c.digest == row["digest"], challenges.c.code_redeemed_at.is_(None)))
                .values(code_redeemed_at=now)
            )
            if redeemed.rowcount != 1:
                raise InvalidGrant(BAD_CODE)
        return {
            "user_id": row["user_id"],
            "client_id": row["client_id"],
            "verified_at": row["verified_at"],
            "action": row["action"],
            "nonce": row["nonce"],
            "method": row["method"],
        }
