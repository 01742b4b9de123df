"""Brute-force protection of password sign-ins: attempts counted per account and per address.

Counters live in `directory_sign_in_throttles`, one row per key: `user:{org}:{name}` (the name as
typed, lowercased, whether or not such a user exists, so that counting tells nothing) and
`address:{ip}` (skipped when the address is unknown). Each count is one atomic SQL UPDATE
(`failures = failures + 1`) after an insert-if-missing, never a read-modify-write in Python, so N
replicas behind one database count as one.

An attempt is counted BEFORE its password is checked, and may be checked only if none of its keys
was locked before it: so N concurrent guesses cannot all slip past the lock before the first of
them is counted, and an attempt cut short (deadline, crash) is still counted. A success then
forgets the account's failures and takes its own count back from the address.

Policy:
- per account, the first `signin_free_failures` failures cost nothing; each further one locks
  sign-in for a delay that doubles (`signin_first_delay_seconds`: 1 s, 2 s, 4 s ... at most 60 s); the
  `signin_max_failures_per_account`-th locks it for `signin_lockout_seconds`;
- per address, only the lock-out applies, at `signin_max_failures_per_address` failures (people
  behind one NAT should not slow each other down for every typo);
- while a key is locked, attempts are refused without checking the password, and still counted:
  each one pushes the lock to at least what its count earns, so hammering keeps it locked. The
  admin's UnlockUser (`clear`) is the way out for an account;
- failures are counted in a window of `signin_lockout_seconds` from the first one; a new window
  (count back to 1) starts only once the key is not locked.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import and_, case, delete, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from prism.runtime.clock import MICROS, SYSTEM_CLOCK, Clock
from prism.runtime.database import upsert_insert
from services.directory.settings import DirectorySettings
from services.directory.tables import sign_in_throttles
from services.directory.users import User

log = logging.getLogger("prism.directory.throttle")
MAX_DELAY_SECONDS = 60  # growing delays double up to this
_NAME_LIMIT = 320  # longest name counted as typed (an email address); longer ones share a key
_PURGE_ONE_IN = 64  # about one attempt in this many also deletes expired counters


@dataclass(frozen=True)
class SignInState:
    """What an admin sees of an account's counters."""

    failures: int  # failed sign-ins in the current window, by username and by email
    locked_until_micros: int | None  # when sign-in unlocks; None when not locked


@dataclass(frozen=True)
class Count:
    """One key's count of an attempt."""

    key: str
    failures: int  # the count, this attempt included
    locked_until: int | None  # the lock this attempt set, should it fail; None: it set none


@dataclass(frozen=True)
class Attempt:
    """A counted sign-in attempt."""

    organization: str
    allowed: bool  # whether the password may be checked: none of the keys was locked before
    counts: tuple[Count, ...]


class SignInThrottle:
    def __init__(self, settings: DirectorySettings, clock: Clock = SYSTEM_CLOCK) -> None:
        self.settings = settings
        self.clock = clock
        self.window_micros = settings.signin_lockout_seconds * MICROS

    # ------------------------------------------------------------------ keys

    @staticmethod
    def account_key(organization: str, name: str) -> str:
        return f"user:{organization}:{name.lower()[:_NAME_LIMIT]}"

    @staticmethod
    def address_key(address: str) -> str:
        return f"address:{address}"

    def keys(self, organization: str, name: str, client_address: str) -> tuple[str, ...]:
        """The keys one attempt counts under: the account's, then the address's (when known)."""
        account = self.account_key(organization, name)
        return (account, self.address_key(client_address)) if client_address else (account,)

    def user_keys(self, user: User) -> tuple[str, ...]:
        """Every key a user's attempts are counted under: by username and by email."""
        names = {user.username.lower()} | ({user.email.lower()} if user.email else set())
        return tuple(self.account_key(user.organization, n) for n in sorted(names))

    # ------------------------------------------------------------------ attempts

    async def attempt(self, session: AsyncSession, organization: str, keys: Sequence[str]) -> Attempt:
        """Counts an attempt under each key (account before address) before its password is checked."""
        now = self.clock.now_micros()
        allowed, counts = True, []
        for key in keys:
            failures, locked_until = await self._count(session, key, now)
            if locked_until is not None and locked_until > now:
                allowed = False
            penalty = self._penalty_seconds(key, failures)
            until = now + penalty * MICROS if penalty else None
            if until is not None:
                await self._lock_at_least(session, key, until)
            counts.append(Count(key, failures, until))
        if random.randrange(_PURGE_ONE_IN) == 0:  # noqa: S311 - not a secret, only spreads the work
            await self._purge(session, now)
        return Attempt(organization, allowed, tuple(counts))

    def failed(self, attempt: Attempt) -> None:
        """The attempt failed: it is counted already; says so when it started a lock-out."""
        for count in attempt.counts:
            if count.failures == self._max_failures(count.key):
                log.warning(
                    "sign-in locked out for %s s after %s failed attempts",
                    self.settings.signin_lockout_seconds,
                    count.failures,
                    extra={"organization": attempt.organization, "key": count.key},
                )

    async def succeeded(self, session: AsyncSession, user: User, attempt: Attempt) -> None:
        """Forgets the account's failures; takes the attempt back from the other keys' counts."""
        await self.clear(session, user)
        t = sign_in_throttles
        account_keys = set(self.user_keys(user))
        for count in attempt.counts:
            if count.key in account_keys:
                continue
            await session.execute(
                update(t).where(t.c.key == count.key, t.c.failures > 0).values(failures=t.c.failures - 1)
            )
            if count.locked_until is not None:  # the lock it set in case it failed, unless raised since
                await session.execute(
                    update(t)
                    .where(t.c.key == count.key, t.c.locked_until == count.locked_until)
                    .values(locked_until=None)
                )

    async def clear(self, session: AsyncSession, user: User) -> None:
        """Forgets the account's failures and lifts its lock (the admin's unlock, or a success)."""
        t = sign_in_throttles
        await session.execute(delete(t).where(t.c.key.in_(self.user_keys(user))))

    async def state(self, session: AsyncSession, user: User) -> SignInState:
        now = self.clock.now_micros()
        t = sign_in_throttles
        rows = (await session.execute(select(t).where(t.c.key.in_(self.user_keys(user))))).mappings().all()
        failures, locked_until = 0, None
        for row in rows:
            locked = row["locked_until"] is not None and row["locked_until"] > now
            if locked or row["window_started_at"] > now - self.window_micros:
                failures += row["failures"]
            if locked:
                locked_until = max(locked_until or 0, row["locked_until"])
        return SignInState(failures, locked_until)

    # ------------------------------------------------------------------ steps

    async def _count(self, session: AsyncSession, key: str, now: int) -> tuple[int, int | None]:
        """One more under `key`, atomically; a stale window starts over. The count and the lock so far."""
        t = sign_in_throttles
        await session.execute(
            upsert_insert(session, t)
            .values(key=key, failures=0, window_started_at=now, locked_until=None)
            .on_conflict_do_nothing(index_elements=[t.c.key])
        )
        stale = and_(
            t.c.window_started_at <= now - self.window_micros,
            or_(t.c.locked_until.is_(None), t.c.locked_until <= now),
        )
        counted = await session.execute(
            update(t)
            .where(t.c.key == key)
            .values(
                failures=case((stale, 1), else_=t.c.failures + 1),
                window_started_at=case((stale, now), else_=t.c.window_started_at),
                locked_until=case((stale, None), else_=t.c.locked_until),
            )
            .returning(t.c.failures, t.c.locked_until)
        )
        failures, locked_until = counted.one()
        return failures, locked_until

    async def _lock_at_least(self, session: AsyncSession, key: str, until: int) -> None:
        t = sign_in_throttles
        await session.execute(
            update(t)
            .where(t.c.key == key)
            .values(locked_until=case((t.c.locked_until > until, t.c.locked_until), else_=until))
        )

    async def _purge(self, session: AsyncSession, now: int) -> None:
        """Deletes counters whose window has passed and that are not locked: they count as absent."""
        t = sign_in_throttles
        await session.execute(
            delete(t).where(
                t.c.window_started_at <= now - self.window_micros,
                or_(t.c.locked_until.is_(None), t.c.locked_until <= now),
            )
        )

    def _max_failures(self, key: str) -> int:
        if key.startswith("address:"):
            return self.settings.signin_max_failures_per_address
        return self.settings.signin_max_failures_per_account

    def _penalty_seconds(self, key: str, failures: int) -> int:
        """How long `failures` failures lock `key` for, from now (0: not at all)."""
        lockout = self.settings.signin_lockout_seconds
        if failures >= self._max_failures(key):
            return lockout
        free = self.settings.signin_free_failures
        if key.startswith("address:") or failures <= free:
            return 0
        first = self.settings.signin_first_delay_seconds
        return min(first * 2 ** min(failures - free - 1, 6), MAX_DELAY_SECONDS, lockout)
