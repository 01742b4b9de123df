"""Passkeys (WebAuthn Level 2) as a second factor: registration on the user's own account, and
assertions that confirm a step-up challenge.

The relying party is PRISM_PUBLIC_URL: its host is the RP ID and its origin the only origin
accepted. Every WebAuthn challenge is 32 random bytes handed out by this service and kept as the
SHA-256 of its base64url form in `stepup_passkey_ceremonies`, with its purpose, its user and (for
a step-up) the step-up challenge it belongs to. An answer is checked only after its challenge is
used up (`UPDATE … WHERE used_at IS NULL`, once, on any replica), so a replayed or re-routed
assertion finds nothing to use. A passkey's signature counter must grow with each use (unless the
authenticator keeps none): the stored count moves with `UPDATE … WHERE sign_count = :seen`.
"""

from __future__ import annotations

import base64
import binascii
import json
import logging
import os
import uuid
from dataclasses import dataclass
from urllib.parse import urlsplit

import webauthn
from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError
from webauthn.helpers import bytes_to_base64url
from webauthn.helpers.exceptions import WebAuthnException
from webauthn.helpers.structs import (
    AuthenticatorSelectionCriteria,
    PublicKeyCredentialDescriptor,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)

from prism.runtime.clock import MICROS, Clock
from prism.runtime.errors import AlreadyExists, FailedPrecondition, InvalidArgument, NotFound, Unauthenticated
from prism.runtime.secrets import digest
from prism.runtime.service_app import Transactions
from services.stepup.challenge_scope import user_event
from services.stepup.tables import passkey_ceremonies, passkeys
from services.stepup.totp import check_user

log = logging.getLogger("prism.stepup.passkeys")
REGISTRATION_SECONDS = 300
STEPUP_SECONDS = 600  # as long as a step-up challenge lives
MAX_PASSKEYS = 20
MAX_CREDENTIAL_JSON = 32_768
NAME_LENGTH = 64
BAD_ASSERTION = "the passkey did not confirm this request; try again"


@dataclass(frozen=True)
class PasskeyRecord:
    id: str
    organization: str
    user_id: str
    name: str
    transports: tuple[str, ...]
    created_at: int
    last_used_at: int


class Passkeys:
    def __init__(self, transactions: Transactions, clock: Clock, public_url: str, rp_name: str) -> None:
        parts = urlsplit(public_url)
        self.transactions = transactions
        self.clock = clock
        self.rp_id = parts.hostname or "localhost"
        self.origin = f"{parts.scheme}://{parts.netloc}"
        self.rp_name = rp_name

    def _now(self) -> int:
        return self.clock.now_micros() // MICROS

    # -- registration ------------------------------------------------------------------------------

    async def start_registration(self, organization: str, user_id: str, account_name: str) -> str:
        """JSON PublicKeyCredentialCreationOptions; its challenge works once, for 5 minutes."""
        check_user(organization, user_id)
        existing = await self._rows(organization, user_id)
        if len(existing) >= MAX_PASSKEYS:
            raise FailedPrecondition(f"you have {MAX_PASSKEYS} passkeys already; remove one first")
        challenge = os.urandom(32)
        options = webauthn.generate_registration_options(
            rp_id=self.rp_id,
            rp_name=self.rp_name,
            user_id=user_id.encode(),
            user_name=(account_name or user_id)[:64],
            challenge=challenge,
            timeout=REGISTRATION_SECONDS * 1000,
            authenticator_selection=AuthenticatorSelectionCriteria(
                resident_key=ResidentKeyRequirement.PREFERRED,
                user_verification=UserVerificationRequirement.PREFERRED,
            ),
            exclude_credentials=[_descriptor(row) for row in existing],
        )
        await self._hand_out(organization, user_id, challenge, "register", None, REGISTRATION_SECONDS)
        return webauthn.options_to_json(options)

    async def create(self, organization: str, user_id: str, credential: str, name: str) -> PasskeyRecord:
        """Verifies the answer of navigator.credentials.create() and keeps the passkey."""
        check_user(organization, user_id)
        name = " ".join((name or "").split()) or "Passkey"
        if len(name) > NAME_LENGTH:
            raise InvalidArgument(f"the passkey's name is longer than {NAME_LENGTH} characters", field="display_name")
        parsed, challenge = _challenge_of(credential, field="credential")
        if not await self._use(organization, user_id, challenge, "register", None):
            raise InvalidArgument(
                "this passkey registration has expired or was already used; reload the page and try again",
                field="credential",
            )
        try:
            verified = webauthn.verify_registration_response(
                credential=parsed,
                expected_challenge=webauthn.base64url_to_bytes(challenge),
                expected_rp_id=self.rp_id,
                expected_origin=self.origin,
            )
        except (WebAuthnException, ValueError, KeyError, TypeError) as problem:
            raise InvalidArgument(
                f"the authenticator's answer could not be verified: {problem}", field="credential"
            ) from None
        transports = _transports(parsed)
        now, passkey_id = self._now(), str(uuid.uuid4())
        try:
            async with self.transactions.begin() as uow:
                await uow.session.execute(
                    passkeys.insert().values(
                        id=passkey_id,
                        organization=organization,
                        user_id=user_id,
                        credential_id=bytes_to_base64url(verified.credential_id),
                        public_key=verified.credential_public_key,
                        sign_count=verified.sign_count,
                        transports=",".join(transports),
                        name=name,
                        created_at=now,
                    )
                )
                await uow.audit(user_event("stepup.factor.enrolled", organization, user_id, kind="passkey", name=name))
        except IntegrityError:
            raise AlreadyExists("this passkey is registered already") from None
        return PasskeyRecord(passkey_id, organization, user_id, name, tuple(transports), now, 0)

    # -- the user's passkeys -----------------------------------------------------------------------

    async def list(self, organization: str, user_id: str) -> list[PasskeyRecord]:
        check_user(organization, user_id)
        return [_record(row) for row in await self._rows(organization, user_id)]

    async def count(self, organization: str, user_id: str) -> int:
        check_user(organization, user_id)
        query = select(func.count()).where(passkeys.c.organization == organization, passkeys.c.user_id == user_id)
        async with self.transactions.begin() as uow:
            return (await uow.session.execute(query)).scalar_one()

    async def delete(self, organization: str, user_id: str, passkey_id: str) -> None:
        check_user(organization, user_id)
        async with self.transactions.begin() as uow:
            removed = await uow.session.execute(
                delete(passkeys).where(
                    passkeys.c.organization == organization,
                    passkeys.c.user_id == user_id,
                    passkeys.c.id == passkey_id,
                )
            )
            if removed.rowcount != 1:
                raise NotFound("no such passkey", reason="PASSKEY_NOT_FOUND")
            await uow.audit(
                user_event("stepup.factor.removed", organization, user_id, kind="passkey", passkey=passkey_id)
            )

    async def clear(self, uow, organization: str, user_id: str) -> int:
        """Deletes every passkey of the user, in the caller's transaction (an admin's reset)."""
        mine = (passkeys.c.organization == organization) & (passkeys.c.user_id == user_id)
        return (await uow.session.execute(delete(passkeys).where(mine))).rowcount

    # -- step-up assertions ------------------------------------------------------------------------

    async def stepup_options(self, organization: str, user_id: str, challenge_digest: str) -> str:
        """JSON PublicKeyCredentialRequestOptions bound to one step-up challenge, or "" without passkeys."""
        return await self.assertion_options(organization, user_id, "stepup", challenge_digest, STEPUP_SECONDS)

    async def verify_stepup(self, organization: str, user_id: str, challenge_digest: str, assertion: str) -> None:
        """Checks an assertion for this step-up challenge (Unauthenticated when it does not hold)."""
        await self.verify_assertion(organization, user_id, "stepup", challenge_digest, assertion)

    async def assertion_options(self, organization: str, user_id: str, purpose: str, binding: str, seconds: int) -> str:
        """JSON PublicKeyCredentialRequestOptions whose challenge works once, for `purpose` and `binding`
        (a step-up challenge, a sign-in's MFA ticket, a browser session), or "" without passkeys."""
        check_user(organization, user_id)
        rows = await self._rows(organization, user_id)
        if not rows:
            return ""
        challenge = os.urandom(32)
        options = webauthn.generate_authentication_options(
            rp_id=self.rp_id,
            challenge=challenge,
            timeout=seconds * 1000,
            allow_credentials=[_descriptor(row) for row in rows],
            user_verification=UserVerificationRequirement.PREFERRED,
        )
        await self._hand_out(organization, user_id, challenge, purpose, binding, seconds)
        return webauthn.options_to_json(options)

    async def verify_assertion(self, organization: str, user_id: str, purpose: str, binding: str, assertion: str):
        """Checks an assertion answering options of this purpose and binding (Unauthenticated when it does not hold)."""
        check_user(organization, user_id)
        try:
            parsed, challenge = _challenge_of(assertion, field="passkey_assertion")
        except InvalidArgument as problem:
            raise Unauthenticated(BAD_ASSERTION, reason="BAD_PASSKEY", debug=problem.message) from None
        if not await self._use(organization, user_id, challenge, purpose, binding):
            raise Unauthenticated(BAD_ASSERTION, reason="PASSKEY_CHALLENGE_MISMATCH")
        credential_id = str(parsed.get("rawId") or parsed.get("id") or "")
        async with self.transactions.begin() as uow:
            row = (
                (
                    await uow.session.execute(
                        select(passkeys).where(
                            passkeys.c.organization == organization,
                            passkeys.c.user_id == user_id,
                            passkeys.c.credential_id == credential_id,
                        )
                    )
                )
                .mappings()
                .first()
            )
        if row is None:
            raise Unauthenticated(BAD_ASSERTION, reason="UNKNOWN_PASSKEY")
        try:
            verified = webauthn.verify_authentication_response(
                credential=parsed,
                expected_challenge=webauthn.base64url_to_bytes(challenge),
                expected_rp_id=self.rp_id,
                expected_origin=self.origin,
                credential_public_key=row["public_key"],
                credential_current_sign_count=row["sign_count"],
            )
        except (WebAuthnException, ValueError, KeyError, TypeError) as problem:
            log.info("passkey assertion refused: %s", problem)
            raise Unauthenticated(BAD_ASSERTION, reason="BAD_PASSKEY", debug=str(problem)) from None
        async with self.transactions.begin() as uow:
            moved = await uow.session.execute(
                update(passkeys)
                .where(passkeys.c.id == row["id"], passkeys.c.sign_count == row["sign_count"])
                .values(sign_count=verified.new_sign_count, last_used_at=self._now())
            )
            if moved.rowcount != 1:  # another use of the same count won the race
                raise Unauthenticated(BAD_ASSERTION, reason="PASSKEY_COUNTER")

    # -- storage -----------------------------------------------------------------------------------

    async def _rows(self, organization: str, user_id: str):
        query = (
            select(passkeys)
            .where(passkeys.c.organization == organization, passkeys.c.user_id == user_id)
            .order_by(passkeys.c.created_at, passkeys.c.id)
        )
        async with self.transactions.begin() as uow:
            return list((await uow.session.execute(query)).mappings().all())

    async def _hand_out(self, organization, user_id, challenge: bytes, purpose, challenge_digest, seconds) -> None:
        now = self._now()
        async with self.transactions.begin() as uow:
            await uow.session.execute(delete(passkey_ceremonies).where(passkey_ceremonies.c.expires_at < now))
            await uow.session.execute(
                passkey_ceremonies.insert().values(
                    digest=digest(bytes_to_base64url(challenge)),
                    organization=organization,
                    user_id=user_id,
                    purpose=purpose,
                    challenge_digest=challenge_digest,
                    created_at=now,
                    expires_at=now + seconds,
                )
            )

    async def _use(self, organization, user_id, challenge: str, purpose: str, challenge_digest) -> bool:
        """Uses up a challenge handed out to this user for this purpose (and step-up challenge), once."""
        now = self._now()
        async with self.transactions.begin() as uow:
            used = await uow.session.execute(
                update(passkey_ceremonies)
                .where(
                    passkey_ceremonies.c.digest == digest(challenge),
                    passkey_ceremonies.c.organization == organization,
                    passkey_ceremonies.c.user_id == user_id,
                    passkey_ceremonies.c.purpose == purpose,
                    (
                        passkey_ceremonies.c.challenge_digest == challenge_digest
                        if challenge_digest
                        else passkey_ceremonies.c.challenge_digest.is_(None)
                    ),
                    passkey_ceremonies.c.used_at.is_(None),
                    passkey_ceremonies.c.expires_at > now,
                )
                .values(used_at=now)
            )
            return used.rowcount == 1


def _challenge_of(credential: str, *, field: str) -> tuple[dict, str]:
    """The parsed JSON credential and the challenge (base64url) its client data names."""
    if not credential or len(credential) > MAX_CREDENTIAL_JSON:
        raise InvalidArgument(f"{field} must be the JSON credential the browser returned", field=field)
    try:
        parsed = json.loads(credential)
        client_data = json.loads(_b64url(parsed["response"]["clientDataJSON"]))
        challenge = client_data["challenge"]
    except (ValueError, KeyError, TypeError, binascii.Error):
        raise InvalidArgument(f"{field} is not a WebAuthn credential in JSON", field=field) from None
    if not isinstance(challenge, str) or not 16 <= len(challenge) <= 128:
        raise InvalidArgument(f"{field} names no challenge of this server", field=field)
    return parsed, challenge


def _b64url(value) -> bytes:
    if not isinstance(value, str):
        raise TypeError("not base64url")
    return base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))


def _transports(parsed: dict) -> list[str]:
    found = parsed.get("response", {}).get("transports") or []
    known = {"ble", "cable", "hybrid", "internal", "nfc", "smart-card", "usb"}
    return [t for t in found if isinstance(t, str) and t in known][:7]


def _descriptor(row) -> PublicKeyCredentialDescriptor:
    return PublicKeyCredentialDescriptor(id=webauthn.base64url_to_bytes(row["credential_id"]))


def _record(row) -> PasskeyRecord:
    transports = tuple(t for t in row["transports"].split(",") if t)
    return PasskeyRecord(
        row["id"],
        row["organization"],
        row["user_id"],
        row["name"],
        transports,
        row["created_at"],
        row["last_used_at"] or 0,
    )
