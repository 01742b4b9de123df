"""Backup codes: ten single-use codes for when the authenticator app is out of reach.

A code is 10 characters of an alphabet without look-alikes (50 bits), shown as `xxxxx-xxxxx`
once, when generated; the table keeps the SHA-256 of (user, code) only. A code is spent with
`UPDATE … SET used_at WHERE used_at IS NULL` — once, on any replica. Generating new codes deletes
the old ones. Wrong codes are counted by whoever asks (the sign-in ticket's attempts).
"""

from __future__ import annotations

import secrets

from sqlalchemy import delete, func, select, update

from prism.runtime.clock import MICROS, Clock
from prism.runtime.errors import InvalidArgument, Unauthenticated
from prism.runtime.secrets import digest
from prism.runtime.service_app import Transactions
from services.stepup.challenge_scope import user_event
from services.stepup.tables import backup_codes
from services.stepup.totp import TotpFactors, check_user

COUNT = 10
ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i
LENGTH = 10
BAD_CODE = "that backup code is not valid or was already used"


def normalized(code: str) -> str:
    return "".join(c for c in (code or "").lower() if c.isalnum())


def looks_like_backup_code(code: str) -> bool:
    plain = normalized(code)
    return len(plain) == LENGTH and all(c in ALPHABET for c in plain)


def _digest(organization: str, user_id: str, code: str) -> str:
    return digest(f"{organization}:{user_id}:{normalized(code)}")


class BackupCodes:
    def __init__(self, transactions: Transactions, clock: Clock) -> None:
        self.transactions = transactions
        self.clock = clock

    def _now(self) -> int:
        return self.clock.now_micros() // MICROS

    async def regenerate(self, organization: str, user_id: str) -> list[str]:
        check_user(organization, user_id)
        codes = ["".join(secrets.choice(ALPHABET) for _ in range(LENGTH)) for _ in range(COUNT)]
        mine = (backup_codes.c.organization == organization) & (backup_codes.c.user_id == user_id)
        async with self.transactions.begin() as uow:
            await uow.session.execute(delete(backup_codes).where(mine))
            for code in codes:
                await uow.session.execute(
                    backup_codes.insert().values(
                        digest=_digest(organization, user_id, code),
                        organization=organization,
                        user_id=user_id,
                        created_at=self._now(),
                    )
                )
            await uow.audit(user_event("stepup.backup_codes.generated", organization, user_id, count=COUNT))
        return [f"{code[:5]}-{code[5:]}" for code in codes]

    async def clear(self, uow, organization: str, user_id: str) -> int:
        """Deletes every backup code of the user, in the caller's transaction (an admin's reset)."""
        mine = (backup_codes.c.organization == organization) & (backup_codes.c.user_id == user_id)
        return (await uow.session.execute(delete(backup_codes).where(mine))).rowcount

    async def remaining(self, organization: str, user_id: str) -> int:
        check_user(organization, user_id)
        query = select(func.count()).where(
            backup_codes.c.organization == organization,
            backup_codes.c.user_id == user_id,
            backup_codes.c.used_at.is_(None),
        )
        async with self.transactions.begin() as uow:
            return (await uow.session.execute(query)).scalar_one()

    async def use(self, organization: str, user_id: str, code: str) -> int:
        """Spends the code (Unauthenticated when it is wrong or used); returns how many are left."""
        check_user(organization, user_id)
        if not code:
            raise InvalidArgument("code is required", field="code")
        if not looks_like_backup_code(code):
            raise Unauthenticated(BAD_CODE, reason="BAD_BACKUP_CODE")
        async with self.transactions.begin() as uow:
            spent = await uow.session.execute(
                update(backup_codes)
                .where(
                    backup_codes.c.digest == _digest(organization, user_id, code),
                    backup_codes.c.organization == organization,
                    backup_codes.c.user_id == user_id,
                    backup_codes.c.used_at.is_(None),
                )
                .values(used_at=self._now())
            )
            if spent.rowcount != 1:
                raise Unauthenticated(BAD_CODE, reason="BAD_BACKUP_CODE")
            await uow.audit(user_event("stepup.backup_code.used", organization, user_id))
        return await self.remaining(organization, user_id)


async def use_code(totp: TotpFactors, backup: BackupCodes, organization: str, user_id: str, code: str) -> str:
    """A code the user typed at a step-up or a re-authentication: a backup code by its shape (its length
    and alphabet), else a code of the authenticator app. Returns the method ("backup" or "totp")."""
    if looks_like_backup_code(code):
        await backup.use(organization, user_id, code)
        return "backup"
    await totp.verify(organization, user_id, code, allow_enrollment=False)
    return "totp"
