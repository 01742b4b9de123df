"""MFA_FORCE_LOCAL: a password sign-in of a local account is only half a sign-in until its TOTP code.

After a right password, `begin` keeps a ticket (random; the row holds its SHA-256) naming the user,
what the sign-in was for (a browser session, possibly continuing an authorization request, or the
CLI's access token) and a count of attempts. `finish` takes the ticket and a code: an account with
no authenticator yet enrols here (its pending secret was shown with the ticket; the password must
be confirmed again), later sign-ins just give the code — or one of their single-use backup codes.
The ticket is used once: five wrong codes or five minutes end it, and two concurrent right codes
cannot both finish it.

A user with a passkey may answer with it instead of a code: `passkey_options` asks the step-up
service for WebAuthn request options bound to the ticket (purpose `signin`, the ticket's SHA-256,
single use), and the page sends the JSON assertion where the code goes (`VerifySignInMfa`'s
`passkey_assertion`); `finish` has the step-up service check it against that binding. Such a sign-in's
`amr` is `pwd pop mfa` (RFC 8176: proof of possession of a key — hardware or software is not known
without attestation — and several factors), a code's stays `pwd otp`.

The secret and the code checks live in the step-up service (it owns second factors); this module
only keeps the half-finished sign-ins, which belong to the token service's sign-in flow.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import grpc
from sqlalchemy import delete, select, update

from prism.directory.v1 import directory_pb2
from prism.runtime.clock import MICROS, Clock
from prism.runtime.errors import InvalidArgument, Unauthenticated
from prism.runtime.grpc_status import from_aio_error
from prism.runtime.internal_auth import internal_metadata
from prism.runtime.jws import random_id
from prism.runtime.secrets import digest
from prism.runtime.service_app import Transactions
from prism.stepup.v1 import stepup_pb2, stepup_pb2_grpc
from services.token.tables import mfa_tickets

TICKET_SECONDS = 300
MAX_ATTEMPTS = 5
ENDED = "this sign-in has expired or had too many wrong codes; sign in again with your password"
CONFIRM_PASSWORD = "confirm your password to finish setting up your authenticator"
CODE_AMR = ("pwd", "otp")
PASSKEY_AMR = ("pwd", "pop", "mfa")


def is_backup_code(code: str) -> bool:
    """Anything but six digits is taken for a backup code (`xxxxx-xxxxx`); the step-up service judges it."""
    plain = code.replace(" ", "").replace("-", "")
    return not (plain.isdigit() and len(plain) == 6)


@dataclass(frozen=True)
class Challenge:
    """What the person is asked next: a code, or first an enrolment (secret and its QR code)."""

    ticket: str
    enroll: bool
    secret: str
    otpauth_uri: str
    expires_in: int


@dataclass(frozen=True)
class Ticket:
    organization: str
    user_id: str
    username: str
    request_digest: str | None
    purpose: str  # "browser" or "cli"
    amr: tuple[str, ...] = CODE_AMR


class SecondFactor:
    def __init__(
        self, transactions: Transactions, stepup: grpc.aio.Channel, internal_secret: str, forced: bool, clock: Clock
    ) -> None:
        self.transactions = transactions
        self._stepup = stepup_pb2_grpc.StepUpServiceStub(stepup)
        self._metadata = internal_metadata("token", internal_secret)
        self.forced = forced
        self.clock = clock

    def required(self, user: directory_pb2.User) -> bool:
        """Local (password) accounts must give a TOTP code; SSO accounts never reach a password check."""
        return self.forced and user.kind in ("", "local")

    def _now(self) -> int:
        return self.clock.now_micros() // MICROS

    async def _ask(self, method, request):
        try:
            return await method(request, metadata=self._metadata, timeout=10, wait_for_ready=True)
        except grpc.aio.AioRpcError as error:
            raise from_aio_error(error) from None

    async def _enrollment(self, organization: str, user_id: str, username: str):
        return await self._ask(
            self._stepup.GetTotpEnrollment,
            stepup_pb2.GetTotpEnrollmentRequest(organization=organization, user_id=user_id, account_name=username),
        )

    async def begin(
        self, organization: str, user: directory_pb2.User, purpose: str, request_digest: str | None = None
    ) -> Challenge:
        enrollment = await self._enrollment(organization, user.user_id, user.username)
        ticket = random_id(32)
        now = self._now()
        async with self.transactions.begin() as uow:
            await uow.session.execute(delete(mfa_tickets).where(mfa_tickets.c.expires_at < now))
            await uow.session.execute(
                mfa_tickets.insert().values(
                    digest=digest(ticket),
                    organization=organization,
                    user_id=user.user_id,
                    username=user.username,
                    request_digest=request_digest,
                    purpose=purpose,
                    attempts=0,
                    created_at=now,
                    expires_at=now + TICKET_SECONDS,
                )
            )
        return Challenge(ticket, not enrollment.enrolled, enrollment.secret, enrollment.otpauth_uri, TICKET_SECONDS)

    async def describe(self, ticket: str, organization: str | None = None) -> Challenge | None:
        """The challenge of a live ticket again (to show the page once more after a wrong code)."""
        row = await self._ticket_row(ticket, organization)
        if row is None:
            return None
        enrollment = await self._enrollment(row["organization"], row["user_id"], row["username"])
        return Challenge(
            ticket, not enrollment.enrolled, enrollment.secret, enrollment.otpauth_uri, row["expires_at"] - self._now()
        )

    async def passkey_options(self, ticket: str, organization: str) -> str:
        """WebAuthn request options bound to this live ticket (single use), or "" (no passkey, or no ticket)."""
        row = await self._ticket_row(ticket, organization)
        if row is None:
            raise Unauthenticated(ENDED, reason="MFA_TICKET_ENDED")
        answer = await self._ask(
            self._stepup.StartPasskeySignIn,
            stepup_pb2.StartPasskeySignInRequest(
                organization=row["organization"], user_id=row["user_id"], binding=row["digest"]
            ),
        )
        return answer.options

    async def verify_code(self, organization: str, user_id: str, code: str) -> bool:
        """A code of an account that already enrolled (the CLI's `--totp`); False when it has none yet."""
        enrollment = await self._enrollment(organization, user_id, "")
        if not enrollment.enrolled:
            return False
        if is_backup_code(code):
            await self._ask(
                self._stepup.UseBackupCode,
                stepup_pb2.UseBackupCodeRequest(organization=organization, user_id=user_id, code=code),
            )
        else:
            await self._ask(
                self._stepup.VerifyTotp,
                stepup_pb2.VerifyTotpRequest(organization=organization, user_id=user_id, code=code),
            )
        return True

    async def finish(
        self,
        ticket: str,
        code: str,
        password: str,
        confirm_password: Callable[[str, str, str], Awaitable[object]],
        organization: str | None = None,
        passkey_assertion: str = "",
    ) -> Ticket:
        """Checks the code (or the passkey's assertion) against the ticket's user; the ticket is consumed on success.

        `confirm_password(organization, username, password)` checks the password of an enrolment.
        Unauthenticated (MFA_TICKET_ENDED) when the ticket is gone; BAD_TOTP_CODE for a wrong code.
        """
        if code and passkey_assertion:
            raise InvalidArgument("send either a code or a passkey, not both", field="passkey_assertion")
        if not code and not passkey_assertion:
            raise InvalidArgument("code is required: the 6-digit code of your authenticator app", field="code")
        row = await self._ticket_row(ticket, organization)
        if row is None:
            raise Unauthenticated(ENDED, reason="MFA_TICKET_ENDED")
        key = mfa_tickets.c.digest == row["digest"]
        async with self.transactions.begin() as uow:
            counted = await uow.session.execute(
                update(mfa_tickets)
                .where(key, mfa_tickets.c.attempts < MAX_ATTEMPTS, mfa_tickets.c.expires_at > self._now())
                .values(attempts=mfa_tickets.c.attempts + 1)
            )
        if counted.rowcount != 1:
            await self._forget(row["digest"])
            raise Unauthenticated(ENDED, reason="MFA_TICKET_ENDED")
        if passkey_assertion:
            await self._ask(
                self._stepup.VerifyPasskeySignIn,
                stepup_pb2.VerifyPasskeySignInRequest(
                    organization=row["organization"],
                    user_id=row["user_id"],
                    binding=row["digest"],
                    assertion=passkey_assertion,
                ),
            )
            if not await self._forget(row["digest"]):  # a concurrent twin finished it first
                raise Unauthenticated(ENDED, reason="MFA_TICKET_ENDED")
            return Ticket(
                row["organization"], row["user_id"], row["username"], row["request_digest"], row["purpose"], PASSKEY_AMR
            )
        enrollment = await self._enrollment(row["organization"], row["user_id"], row["username"])
        if not enrollment.enrolled:
            if not password:
                raise Unauthenticated(CONFIRM_PASSWORD, reason="PASSWORD_REQUIRED")
            await confirm_password(row["organization"], row["username"], password)
        if enrollment.enrolled and is_backup_code(code):
            await self._ask(
                self._stepup.UseBackupCode,
                stepup_pb2.UseBackupCodeRequest(organization=row["organization"], user_id=row["user_id"], code=code),
            )
        else:
            await self._ask(
                self._stepup.VerifyTotp,
                stepup_pb2.VerifyTotpRequest(
                    organization=row["organization"],
                    user_id=row["user_id"],
                    code=code,
                    allow_enrollment=not enrollment.enrolled,
                ),
            )
        if not await self._forget(row["digest"]):  # a concurrent twin finished it first
            raise Unauthenticated(ENDED, reason="MFA_TICKET_ENDED")
        return Ticket(row["organization"], row["user_id"], row["username"], row["request_digest"], row["purpose"])

    async def _ticket_row(self, ticket: str, organization: str | None):
        if not ticket or len(ticket) > 128:
            return None
        query = select(mfa_tickets).where(
            mfa_tickets.c.digest == digest(ticket), mfa_tickets.c.expires_at > self._now()
        )
        if organization is not None:
            query = query.where(mfa_tickets.c.organization == organization)
        async with self.transactions.begin() as uow:
            return (await uow.session.execute(query)).mappings().first()

    async def _forget(self, ticket_digest: str) -> bool:
        async with self.transactions.begin() as uow:
            removed = await uow.session.execute(delete(mfa_tickets).where(mfa_tickets.c.digest == ticket_digest))
        return removed.rowcount == 1
