"""The pending authorization requests (`token_authorization_requests`) between the authorization
endpoint and the code: kept by the SHA-256 of a random id that the sign-in and consent pages carry,
found only within their organization and lifetime, bound to the session that signs in, moved to a
new id after a sign-in elsewhere, and forgotten when answered."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from sqlalchemy import delete, select, update

from prism.runtime.errors import InvalidArgument, NotFound
from prism.runtime.jws import random_id
from prism.runtime.secrets import digest
from prism.runtime.service_app import Transactions
from services.token.authorization_requests import Pending, from_row, to_row
from services.token.tables import authorization_requests

GONE = "this sign-in request has expired or was already used; start again from the app"


class PendingRequests:
    def __init__(self, transactions: Transactions, now: Callable[[], int]) -> None:
        self.transactions = transactions
        self.now = now

    async def keep(self, pending: Pending) -> tuple[Pending, str]:
        """Stores a valid request under a new random id (expired ones go): (the request, its id)."""
        async with self.transactions.begin() as uow:
            await uow.session.execute(
                delete(authorization_requests).where(authorization_requests.c.expires_at < self.now())
            )
            request_id = random_id(24)
            pending = replace(pending, digest=digest(request_id))
            await uow.session.execute(authorization_requests.insert().values(**to_row(pending, self.now())))
        return pending, request_id

    async def find(self, organization: str, request_id: str) -> Pending:
        if not request_id or len(request_id) > 64:
            raise InvalidArgument("the sign-in request is missing; start again from the app", field="request")
        async with self.transactions.begin() as uow:
            row = (
                (
                    await uow.session.execute(
                        select(authorization_requests).where(
                            authorization_requests.c.digest == digest(request_id),
                            authorization_requests.c.organization == organization,
                            authorization_requests.c.expires_at > self.now(),
                        )
                    )
                )
                .mappings()
                .first()
            )
        if row is None:
            raise NotFound(GONE, reason="AUTHORIZATION_REQUEST_NOT_FOUND")
        return from_row(row)

    async def move(self, organization: str, request_digest: str) -> str:
        """Gives a live request a new id (the old one travelled to a provider and back); the new id."""
        request_id = random_id(24)
        async with self.transactions.begin() as uow:
            moved = await uow.session.execute(
                update(authorization_requests)
                .where(
                    authorization_requests.c.digest == request_digest,
                    authorization_requests.c.organization == organization,
                    authorization_requests.c.expires_at > self.now(),
                )
                .values(digest=digest(request_id))
            )
        if moved.rowcount != 1:
            raise NotFound(GONE, reason="AUTHORIZATION_REQUEST_NOT_FOUND")
        return request_id

    @staticmethod
    async def bind(session, pending: Pending, **values) -> None:
        """Records the session (and when it signed in) on the request, in the caller's transaction."""
        await session.execute(
            update(authorization_requests).where(authorization_requests.c.digest == pending.digest).values(**values)
        )

    async def forget(self, pending: Pending) -> None:
        async with self.transactions.begin() as uow:
            await uow.session.execute(
                delete(authorization_requests).where(authorization_requests.c.digest == pending.digest)
            )
