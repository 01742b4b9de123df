"""Re-authentication for factor changes (like GitHub's "sudo" for account settings).

Adding or removing a passkey, (re)enrolling TOTP and making new backup codes need a recent proof
that the person at the keyboard is the user, not just someone holding their session:

- on a browser session (a page's token: `sid`), a proof given with Reauthenticate — the current
  password, a TOTP code, a backup code or a passkey (its options bound to this session, single use) —
  marks (user, session) in `stepup_reauth_marks` for 10 minutes; a user with no second factor at all
  whose session signed in less than 10 minutes ago needs no extra proof for the first one;
- a token without a session (the CLI's password login) counts as its own proof for 10 minutes after
  it was issued (its login took the password, and the code when MFA is forced); after that, sign in again.

The factor-changing RPCs call `require` first, so the rule holds for the REST API as for the page.
Wrong answers are counted per user (10 per 5 minutes) like the step-up page's.
"""

from __future__ import annotations

from sqlalchemy import delete, select

from prism.runtime.caller import current_caller
from prism.runtime.clock import MICROS, Clock
from prism.runtime.errors import FailedPrecondition, InvalidArgument, TooManyRequests, Unauthenticated
from prism.runtime.secrets import digest
from prism.runtime.service_app import Transactions
from services.stepup.backup_codes import BackupCodes, use_code
from services.stepup.challenge_scope import user_event
from services.stepup.directory_calls import DirectoryCalls
from services.stepup.passkeys import Passkeys
from services.stepup.rates import hit
from services.stepup.tables import reauth_marks
from services.stepup.totp import TotpFactors, check_user

WINDOW_SECONDS = 600
ATTEMPTS_PER_FIVE_MINUTES = 10
NEEDED = (
    "confirm it is you first: enter your password, a code from your authenticator app or a backup code, "
    "or use a passkey; then change your second factors within 10 minutes"
)
STALE_TOKEN = "this token is older than 10 minutes: sign in again (prism auth login) to change your second factors"
BAD_PASSWORD = "that password is not right"


class Reauthentication:
    def __init__(
        self,
        transactions: Transactions,
        clock: Clock,
        totp: TotpFactors,
        backup: BackupCodes,
        passkeys: Passkeys,
        directory: DirectoryCalls,
    ) -> None:
        self.transactions = transactions
        self.clock = clock
        self.totp = totp
        self.backup = backup
        self.passkeys = passkeys
        self.directory = directory

    def _now(self) -> int:
        return self.clock.now_micros() // MICROS

    async def methods(self, organization: str, user_id: str) -> list[str]:
        """The user's current factors (`totp`, `backup`, `passkey`); `password` always comes first."""
        found = ["password"]
        if await self.totp.enrolled(organization, user_id):
            found.append("totp")
        if await self.backup.remaining(organization, user_id):
            found.append("backup")
        if await self.passkeys.count(organization, user_id):
            found.append("passkey")
        return found

    async def allowed_until(self, organization: str, user_id: str) -> int:
        """Until when the caller may change this user's factors without a new proof, else 0."""
        check_user(organization, user_id)
        caller, now = current_caller(), self._now()
        if not caller.session_id:
            until = caller.auth_time + WINDOW_SECONDS if caller.auth_time else 0
            return until if until > now else 0
        query = select(reauth_marks.c.expires_at).where(
            reauth_marks.c.organization == organization,
            reauth_marks.c.user_id == user_id,
            reauth_marks.c.session_id == caller.session_id,
        )
        async with self.transactions.begin() as uow:
            marked = (await uow.session.execute(query)).scalar() or 0
        if marked > now:
            return marked
        fresh = caller.auth_time + WINDOW_SECONDS if caller.auth_time else 0
        if fresh > now and await self.methods(organization, user_id) == ["password"]:
            return fresh  # the first factor, right after signing in
        return 0

    async def require(self, organization: str, user_id: str) -> None:
        """FailedPrecondition (REAUTHENTICATION_REQUIRED) unless the caller re-authenticated recently."""
        if await self.allowed_until(organization, user_id):
            return
        message = NEEDED if current_caller().session_id else STALE_TOKEN
        raise FailedPrecondition(message, reason="REAUTHENTICATION_REQUIRED")

    async def start(self, organization: str, user_id: str) -> tuple[int, list[str], str]:
        """(allowed until, methods, passkey options bound to this session or "")."""
        until = await self.allowed_until(organization, user_id)
        methods = await self.methods(organization, user_id)
        session_id = current_caller().session_id
        options = ""
        if not until and session_id and "passkey" in methods:
            options = await self.passkeys.assertion_options(
                organization, user_id, "reauth", digest(session_id), WINDOW_SECONDS
            )
        return until, methods, options

    async def confirm(
        self, organization: str, user_id: str, password: str, code: str, assertion: str, client_address: str
    ) -> tuple[int, str]:
        """Checks one proof and marks (user, session) for 10 minutes: (until, method)."""
        check_user(organization, user_id)
        session_id = current_caller().session_id
        if not session_id:
            raise FailedPrecondition(
                "re-authentication belongs to a browser session; with the CLI, sign in again (prism auth login)",
                reason="SESSION_REQUIRED",
            )
        code = (code or "").strip()
        if not (password or code or assertion):
            raise InvalidArgument(
                "give your password, a code from your authenticator app, a backup code, or a passkey",
                field="password",
            )
        now = self._now()
        async with self.transactions.begin() as uow:
            count, retry = await hit(uow.session, f"reauth:{organization}:{user_id}", 300, now)
        if count > ATTEMPTS_PER_FIVE_MINUTES:
            raise TooManyRequests(
                f"{ATTEMPTS_PER_FIVE_MINUTES} attempts in 5 minutes: wait before trying again",
                retry_after_seconds=retry,
            )
        if assertion:
            method = "passkey"
            await self.passkeys.verify_assertion(organization, user_id, "reauth", digest(session_id), assertion)
        elif code:
            method = await use_code(self.totp, self.backup, organization, user_id, code)
        else:
            method = "password"
            await self._check_password(organization, user_id, password, client_address)
        until = now + WINDOW_SECONDS
        async with self.transactions.begin() as uow:
            await uow.session.execute(
                delete(reauth_marks).where(
                    (reauth_marks.c.expires_at < now)
                    | (
                        (reauth_marks.c.organization == organization)
                        & (reauth_marks.c.user_id == user_id)
                        & (reauth_marks.c.session_id == session_id)
                    )
                )
            )
            await uow.session.execute(
                reauth_marks.insert().values(
                    organization=organization,
                    user_id=user_id,
                    session_id=session_id,
                    method=method,
                    created_at=now,
                    expires_at=until,
                )
            )
            await uow.audit(
                user_event("stepup.reauthenticated", organization, user_id, method=method, session=session_id)
            )
        return until, method

    async def _check_password(self, organization: str, user_id: str, password: str, client_address: str) -> None:
        user = await self.directory.user(organization, user_id)
        if user.kind not in ("", "local"):
            raise FailedPrecondition(
                "your account signs in with its identity provider and has no password here: use a second "
                "factor, or sign out and in again (a first factor can be added within 10 minutes of signing in)",
                reason="NO_PASSWORD",
            )
        try:
            await self.directory.verify_password(organization, user.username, password, client_address)
        except Unauthenticated:
            raise Unauthenticated(BAD_PASSWORD, reason="BAD_PASSWORD") from None
