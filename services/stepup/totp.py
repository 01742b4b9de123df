"""TOTP factors (RFC 6238: SHA-1, 6 digits, 30-second steps), as authenticator apps expect them.

A user has at most one TOTP factor. Until its first good code it is pending: sign-in shows its
secret (enrolment) and the first code confirms it. A code is accepted for the step before, the
current step and the step after (clock drift), and only for a step later than the last accepted
one, so an observed code cannot be replayed, not even within its own 30 seconds: the step is
recorded with `UPDATE ... WHERE last_used_step < :step`, atomic across replicas.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import pyotp
from sqlalchemy import delete, or_, select, update

from prism.runtime.caller import current_caller
from prism.runtime.clock import MICROS, Clock
from prism.runtime.errors import InvalidArgument, Unauthenticated
from prism.runtime.resource_names import SLUG_PATTERN
from prism.runtime.sealing import Sealer
from prism.runtime.secrets import compare
from prism.runtime.service_app import Transactions
from services.stepup.challenge_scope import user_event
from services.stepup.tables import factors

STEP_SECONDS = 30
DIGITS = 6
REPLACEMENT = "totp-new"  # a pending replacement of an enrolled factor (the account security page)
BAD_CODE = "that code is not valid; enter the current 6-digit code from your authenticator app"


@dataclass(frozen=True)
class Enrollment:
    enrolled: bool
    secret: str = ""
    otpauth_uri: str = ""


class TotpFactors:
    def __init__(self, transactions: Transactions, sealer: Sealer, clock: Clock, issuer: str) -> None:
        self.transactions = transactions
        self.sealer = sealer
        self.clock = clock
        self.issuer = issuer

    def _now(self) -> int:
        return self.clock.now_micros() // MICROS

    async def enrollment(self, organization: str, user_id: str, account_name: str) -> Enrollment:
        """Whether the user has a confirmed factor; if not, the pending one (created on first call)."""
        check_user(organization, user_id)
        async with self.transactions.begin() as uow:
            row = await self._row(uow, organization, user_id)
            if row is not None and row["confirmed_at"] is not None:
                return Enrollment(True)
            if row is None:
                secret = pyotp.random_base32(32)
                await self._insert(uow, organization, user_id, secret, "totp")
            else:
                secret = self._secret(row)
        return self._pending(organization, user_id, account_name, secret)

    async def verify(self, organization: str, user_id: str, code: str, *, allow_enrollment: bool) -> bool:
        """Checks a code; returns True when it confirmed a pending enrolment. Refusals are Unauthenticated."""
        check_user(organization, user_id)
        code = (code or "").replace(" ", "")
        if not code:
            raise InvalidArgument("code is required: the 6-digit code of your authenticator app", field="code")
        async with self.transactions.begin() as uow:
            row = await self._row(uow, organization, user_id)
        if row is None or (row["confirmed_at"] is None and not allow_enrollment):
            raise Unauthenticated(BAD_CODE, reason="BAD_TOTP_CODE")
        step = _matching_step(self._secret(row), code, self._now())
        if step is None:
            raise Unauthenticated(BAD_CODE, reason="BAD_TOTP_CODE")
        pending = row["confirmed_at"] is None
        async with self.transactions.begin() as uow:
            used = await uow.session.execute(
                update(factors)
                .where(
                    factors.c.id == row["id"],
                    or_(factors.c.last_used_step.is_(None), factors.c.last_used_step < step),
                )
                .values(last_used_step=step, confirmed_at=row["confirmed_at"] or self._now())
            )
            if used.rowcount != 1:  # this step's code was already used (replay, or a concurrent twin)
                raise Unauthenticated(BAD_CODE, reason="TOTP_CODE_REUSED")
            if pending:
                await uow.audit(user_event("stepup.factor.enrolled", organization, user_id, kind="totp"))
        return pending

    async def replacement(self, organization: str, user_id: str, account_name: str) -> Enrollment:
        """A pending replacement of the enrolled factor (kind `totp-new`, created on first call) to scan."""
        check_user(organization, user_id)
        async with self.transactions.begin() as uow:
            row = await self._row(uow, organization, user_id, kind=REPLACEMENT)
            if row is None:
                secret = pyotp.random_base32(32)
                await self._insert(uow, organization, user_id, secret, REPLACEMENT)
            else:
                secret = self._secret(row)
        return self._pending(organization, user_id, account_name, secret)

    async def confirm_replacement(self, organization: str, user_id: str, code: str) -> bool:
        """The first code of the pending replacement swaps it in for the old factor; False without one."""
        check_user(organization, user_id)
        async with self.transactions.begin() as uow:
            row = await self._row(uow, organization, user_id, kind=REPLACEMENT)
        if row is None:
            return False
        step = _matching_step(self._secret(row), (code or "").replace(" ", ""), self._now())
        if step is None:
            raise Unauthenticated(BAD_CODE, reason="BAD_TOTP_CODE")
        mine = (factors.c.organization == organization) & (factors.c.user_id == user_id)
        async with self.transactions.begin() as uow:
            swapped = await uow.session.execute(
                update(factors)
                .where(factors.c.id == row["id"], factors.c.kind == REPLACEMENT)
                .values(kind="totp", confirmed_at=self._now(), last_used_step=step)
            )
            if swapped.rowcount != 1:  # a concurrent twin swapped it first
                raise Unauthenticated(BAD_CODE, reason="TOTP_CODE_REUSED")
            await uow.session.execute(delete(factors).where(mine, factors.c.kind == "totp", factors.c.id != row["id"]))
            for action in ("stepup.factor.removed", "stepup.factor.enrolled"):
                await uow.audit(user_event(action, organization, user_id, kind="totp", replaced=True))
        return True

    async def _insert(self, uow, organization: str, user_id: str, secret: str, kind: str) -> None:
        factor_id = str(uuid.uuid4())
        await uow.session.execute(
            factors.insert().values(
                id=factor_id,
                organization=organization,
                user_id=user_id,
                kind=kind,
                secret=self.sealer.seal(secret.encode(), context=_context(organization, user_id, factor_id)),
                kek_id=self.sealer.key_id,
                created_at=self._now(),
            )
        )

    def _pending(self, organization: str, user_id: str, account_name: str, secret: str) -> Enrollment:
        label = account_name or user_id
        uri = pyotp.TOTP(secret).provisioning_uri(name=label, issuer_name=f"{self.issuer} ({organization})")
        return Enrollment(False, secret, uri)

    async def enrolled(self, organization: str, user_id: str) -> bool:
        check_user(organization, user_id)
        async with self.transactions.begin() as uow:
            row = await self._row(uow, organization, user_id)
        return row is not None and row["confirmed_at"] is not None

    async def reset(self, organization: str, user_id: str, also=None) -> int:
        """Removes every factor of the user (an admin's recovery action); they enrol again at sign-in.

        `also(uow)` removes the user's other second factors (backup codes) in the same transaction.
        """
        check_user(organization, user_id)
        async with self.transactions.begin() as uow:
            result = await uow.session.execute(
                delete(factors).where(factors.c.organization == organization, factors.c.user_id == user_id)
            )
            removed = result.rowcount + (await also(uow) if also else 0)
            await uow.audit(
                user_event("stepup.factors.reset", organization, user_id, actor=current_caller().actor, removed=removed)
            )
            return removed

    async def _row(self, uow, organization: str, user_id: str, kind: str = "totp"):
        query = select(factors).where(
            factors.c.organization == organization, factors.c.user_id == user_id, factors.c.kind == kind
        )
        return (await uow.session.execute(query)).mappings().first()

    def _secret(self, row) -> str:
        context = _context(row["organization"], row["user_id"], row["id"])
        return self.sealer.open(row["secret"], context=context, key_id=row["kek_id"]).decode()


def _matching_step(secret: str, code: str, now: int) -> int | None:
    if len(code) != DIGITS or not code.isdigit():
        return None
    totp = pyotp.TOTP(secret, digits=DIGITS, interval=STEP_SECONDS)
    current = now // STEP_SECONDS
    found = None
    for step in (current - 1, current, current + 1):  # every candidate compared, in constant time
        if compare(totp.generate_otp(step), code):
            found = step
    return found


def _context(organization: str, user_id: str, factor_id: str) -> str:
    return f"{organization}:{user_id}:{factor_id}"


def check_user(organization: str, user_id: str) -> None:
    if not SLUG_PATTERN.match(organization or ""):
        raise InvalidArgument("organization has an invalid slug", field="organization")
    if not user_id or len(user_id) > 64:
        raise InvalidArgument("user_id is required", field="user_id")
