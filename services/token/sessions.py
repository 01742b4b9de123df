"""Browser sessions of the sign-in pages.

The browser holds a random token (in a signed, HttpOnly cookie the gateway sets); this table holds
its SHA-256 with who signed in and when (`auth_time`). A session belongs to one organization: a
token presented at another organization's endpoints finds nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, select, update

from prism.runtime.clock import MICROS, Clock
from prism.runtime.jws import random_id
from prism.runtime.secrets import digest
from prism.runtime.service_app import Transactions
from services.token.tables import sessions

MAX_TOKEN_LENGTH = 128


@dataclass(frozen=True)
class Session:
    digest: str
    session_id: str
    organization: str
    user_id: str
    username: str
    auth_time: int
    expires_at: int


class Sessions:
    def __init__(self, transactions: Transactions, clock: Clock, lifetime_seconds: int) -> None:
        self.transactions = transactions
        self.clock = clock
        self.lifetime = lifetime_seconds

    def now(self) -> int:
        return self.clock.now_micros() // MICROS

    async def start(
        self, uow, organization: str, user_id: str, username: str, amr: list[str] | tuple[str, ...] = ("pwd",)
    ) -> tuple[str, Session]:
        """A new session in the caller's transaction; returns the token the browser keeps."""
        token = random_id(32)
        now = self.now()
        session = Session(digest(token), random_id(16), organization, user_id, username, now, now + self.lifetime)
        await uow.session.execute(delete(sessions).where(sessions.c.expires_at < now - 86400))
        await uow.session.execute(
            sessions.insert().values(
                digest=session.digest,
                session_id=session.session_id,
                organization=organization,
                user_id=user_id,
                username=username,
                auth_time=now,
                expires_at=session.expires_at,
                amr=" ".join(amr),
            )
        )
        return token, session

    async def find(self, organization: str, token: str) -> Session | None:
        """The live session of this organization the token belongs to, if any."""
        if not token or len(token) > MAX_TOKEN_LENGTH:
            return None
        async with self.transactions.begin() as uow:
            row = (
                (
                    await uow.session.execute(
                        select(sessions).where(
                            sessions.c.digest == digest(token),
                            sessions.c.organization == organization,
                            sessions.c.ended_at.is_(None),
                            sessions.c.expires_at > self.now(),
                        )
                    )
                )
                .mappings()
                .first()
            )
        if row is None:
            return None
        return Session(
            row["digest"],
            row["session_id"],
            row["organization"],
            row["user_id"],
            row["username"],
            row["auth_time"],
            row["expires_at"],
        )

    async def end(self, uow, session: Session) -> None:
        await uow.session.execute(
            update(sessions).where(sessions.c.digest == session.digest).values(ended_at=self.now())
        )
