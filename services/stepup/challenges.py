"""Server-initiated step-up (spec 002): challenges, the user's confirmation, and the proof.

1. `create` — the app, authenticated (client secret, or PKCE for a public app), registers the
   action and its registered redirect URI; 60 per minute per app. The id is random; the row keeps
   its SHA-256. Nothing in the later browser URL can change what was pinned here.
2. `info` / `authorize` — the signed-in user sees the app and the action verbatim, ticks the
   acknowledgement and gives a TOTP code, a passkey assertion (its WebAuthn challenge handed out with
   the info, bound to this challenge, once: services/stepup/passkeys.py) or a backup code. Every
   attempt first consumes the challenge (`UPDATE … WHERE consumed_at IS NULL`: once, on any
   replica) and counts against the user's 8 attempts per 5 minutes, so a wrong code (or a refused
   assertion) burns the challenge. Deny consumes it too. When the captcha gate applies
   (services/stepup/captcha.py), the captcha is checked after that and before the factor: a wrong
   one is a failed attempt like a wrong code.
3. `verify` — the app redeems the code (5 minutes, once) with the same client, the same redirect
   URI and the PKCE verifier, and gets exactly spec 002's proof.

`Challenges` is the façade the servicer uses. This module owns steps 1 and 2; the pieces they use
have their own homes: sudo windows in services/stepup/sudo.py, the captcha gate's step in
services/stepup/challenge_captcha.py, the code redemption (step 3) in services/stepup/redemption.py,
the directory calls in services/stepup/directory_calls.py, and the caller and audit helpers in
services/stepup/challenge_scope.py.
"""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

from sqlalchemy import delete, select, update

from prism.runtime.audit import Outcome
from prism.runtime.caller import current_caller
from prism.runtime.clock import MICROS, Clock
from prism.runtime.errors import InvalidArgument, NotFound, TooManyRequests, Unauthenticated
from prism.runtime.jws import random_id
from prism.runtime.secrets import digest
from prism.runtime.service_app import Transactions
from prism.runtime.urls import with_query
from services.stepup import captcha as captcha_gate
from services.stepup import challenge_captcha as captcha_step
from services.stepup.backup_codes import BackupCodes, use_code
from services.stepup.captcha import CaptchaGate
from services.stepup.challenge_scope import app_event, checked_organization, signed_in_user
from services.stepup.directory_calls import DirectoryCalls
from services.stepup.passkeys import Passkeys
from services.stepup.rates import hit
from services.stepup.redemption import CodeRedemption
from services.stepup.sudo import SudoWindows
from services.stepup.tables import challenges
from services.stepup.totp import TotpFactors

log = logging.getLogger("prism.stepup.challenges")
LIMITS = {"action": 200, "nonce": 256, "state": 512}
CHALLENGE_SECONDS = 600
CODE_SECONDS = 300
CREATIONS_PER_MINUTE = 60
ATTEMPTS_PER_FIVE_MINUTES = 8
GONE = "this confirmation request has expired or was already used; go back to the app and start again"


class Challenges:
    def __init__(
        self,
        transactions: Transactions,
        totp: TotpFactors,
        backup: BackupCodes,
        directory: DirectoryCalls,
        internal_secret: str,
        public_url: str,
        clock: Clock,
        passkeys: Passkeys,
    ) -> None:
        self.transactions = transactions
        self.passkeys = passkeys
        self.totp = totp
        self.backup = backup
        self.directory = directory
        self.public_url = public_url
        self.clock = clock
        self.captcha = CaptchaGate(internal_secret, public_url, self.directory.captcha_secret)
        self.sudo = SudoWindows(transactions, clock)
        self.redemption = CodeRedemption(transactions, self.directory, clock)

    def _now(self) -> int:
        return self.clock.now_micros() // MICROS

    # -- 1. the app registers the action ---------------------------------------------------------

    async def create(self, request) -> tuple[str, int]:
        organization = checked_organization(request.organization)
        for name, limit in LIMITS.items():
            if name != "state" and len(getattr(request, name)) > limit:
                raise InvalidArgument(f"{name} is longer than {limit} characters", field=name)
        app = await self.directory.client(organization, request.client_id, request.client_secret)
        if request.redirect_uri not in app.redirect_uris:  # exact string match, as at /authorize
            raise InvalidArgument(
                "redirect_uri is not registered for this app (redirect URIs must match exactly)", field="redirect_uri"
            )
        public = not request.client_secret
        if request.code_challenge or public:
            if request.code_challenge_method != "S256":
                raise InvalidArgument("code_challenge_method must be S256", field="code_challenge_method")
            if not 43 <= len(request.code_challenge) <= 128:
                raise InvalidArgument(
                    "code_challenge is required for public apps: BASE64URL(SHA-256(code_verifier))",
                    field="code_challenge",
                )
        now = self._now()
        challenge_id = random_id(32)
        async with self.transactions.begin() as uow:
            count, retry = await hit(uow.session, f"create:{organization}:{app.client_id}", 60, now)
            if count > CREATIONS_PER_MINUTE:
                raise TooManyRequests(
                    f"this app created {CREATIONS_PER_MINUTE} step-up challenges in the last minute; wait",
                    retry_after_seconds=retry,
                )
            await uow.session.execute(delete(challenges).where(challenges.c.expires_at < now - 3600))
            await uow.session.execute(
                challenges.insert().values(
                    digest=digest(challenge_id),
                    organization=organization,
                    client_id=app.client_id,
                    redirect_uri=request.redirect_uri,
                    action=request.action,
                    nonce=request.nonce,
                    code_challenge=request.code_challenge or None,
                    require_captcha=request.require_captcha,
                    created_at=now,
                    expires_at=now + CHALLENGE_SECONDS,
                )
            )
            await uow.audit(
                app_event("stepup.challenge.created", organization, app.client_id, app.client_id, action=request.action)
            )
        return challenge_id, now + CHALLENGE_SECONDS

    # -- 2. the user confirms ---------------------------------------------------------------------

    async def _live(self, organization: str, challenge_id: str):
        if not challenge_id or len(challenge_id) > 128:
            raise InvalidArgument("challenge_id is required", field="challenge_id")
        query = select(challenges).where(
            challenges.c.digest == digest(challenge_id),
            challenges.c.organization == organization,
            challenges.c.consumed_at.is_(None),
            challenges.c.expires_at > self._now(),
        )
        async with self.transactions.begin() as uow:
            row = (await uow.session.execute(query)).mappings().first()
        if row is None:
            raise NotFound(GONE, reason="CHALLENGE_NOT_FOUND")
        return row

    async def info(self, organization: str, challenge_id: str) -> dict:
        organization = checked_organization(organization)
        user_id = signed_in_user(organization)
        row = await self._live(organization, challenge_id)
        app = await self.directory.app(organization, row["client_id"])
        methods = []
        if await self.totp.enrolled(organization, user_id):
            methods.append("totp")
        passkey_options = await self.passkeys.stepup_options(organization, user_id, row["digest"])
        if passkey_options:
            methods.append("passkey")
        if await self.backup.remaining(organization, user_id):
            methods.append("backup")
        site = await self.directory.site()
        captcha = captcha_gate.applies(site, row["require_captcha"])
        sudo_until = await self.sudo.until(organization, user_id, row["client_id"], site)
        return {
            "sudo_until": sudo_until,
            "sudo_ttl_minutes": site.sudo_mode_ttl_minutes if current_caller().session_id else 0,
            "client_id": row["client_id"],
            "app_name": app.display_name,
            "action": row["action"],
            "redirect_host": urlsplit(row["redirect_uri"]).netloc,
            "expires_at": row["expires_at"],
            "methods": methods,
            "captcha_required": captcha,
            "captcha_provider": site.captcha_provider if captcha else "",
            "captcha_site_key": site.captcha_site_key if captcha else "",
            "passkey_options": passkey_options,
            **(self.captcha.pow_fields(site, row["digest"], row["expires_at"]) if captcha else {}),
            "verified_domain": await self.directory.verified_domain(organization, row["client_id"]),
        }

    async def authorize(self, request, client_address: str = "") -> str:
        organization = checked_organization(request.organization)
        user_id = signed_in_user(organization)
        if len(request.state) > LIMITS["state"]:
            raise InvalidArgument(f"state is longer than {LIMITS['state']} characters", field="state")
        row = await self._live(organization, request.challenge_id)
        redirect_uri, state = row["redirect_uri"], request.state
        key = challenges.c.digest == row["digest"]
        if request.approve and not request.acknowledged:
            raise InvalidArgument("tick the box to confirm you have read the action", field="acknowledged")
        now = self._now()
        site = await self.directory.site()
        sudo = (
            request.approve
            and not request.code
            and not request.passkey_assertion
            and await self.sudo.until(organization, user_id, row["client_id"], site) > now
        )
        # the captcha gate guards factors; a sudo window checks none (spec 002)
        gated = request.approve and not sudo and captcha_gate.applies(site, row["require_captcha"])
        if gated:  # nothing checked yet, nothing consumed: a page that sent no answer may send one
            captcha_secret = await self.captcha.ready(site, request.captcha_token)
        async with self.transactions.begin() as uow:
            if request.approve and not sudo:
                count, retry = await hit(uow.session, f"attempts:{organization}:{user_id}", 300, now)
            consumed = await uow.session.execute(
                update(challenges)
                .where(key, challenges.c.consumed_at.is_(None))
                .values(consumed_at=now, user_id=user_id)
            )
            if consumed.rowcount != 1:
                raise NotFound(GONE, reason="CHALLENGE_NOT_FOUND")
            if not request.approve:
                await uow.audit(app_event("stepup.challenge.denied", organization, user_id, row["client_id"]))
        if not request.approve:
            return with_query(
                redirect_uri, {"error": "access_denied", "error_description": "User denied access", "state": state}
            )
        if sudo:
            return await self._confirmed(organization, user_id, row, "sudo", now, redirect_uri, state)
        if count > ATTEMPTS_PER_FIVE_MINUTES:
            await self._failed(organization, user_id, row, "RATE_LIMITED")
            raise TooManyRequests(
                f"{ATTEMPTS_PER_FIVE_MINUTES} attempts in 5 minutes: wait before trying again",
                retry_after_seconds=retry,
            )
        if gated and not await captcha_step.captcha_passes(
            self.transactions, self.captcha, organization, user_id, row, site, captcha_secret, request, client_address
        ):
            return with_query(
                redirect_uri,
                {"error": "access_denied", "error_description": "Captcha verification failed", "state": state},
            )
        try:
            if request.passkey_assertion:
                await self.passkeys.verify_stepup(organization, user_id, row["digest"], request.passkey_assertion)
                method = "passkey"
            else:
                method = await self._check_factor(organization, user_id, request.code)
        except (Unauthenticated, InvalidArgument) as refused:  # the challenge is burnt either way
            await self._failed(organization, user_id, row, getattr(refused, "reason", "") or "BAD_CODE")
            return with_query(
                redirect_uri, {"error": "access_denied", "error_description": "Verification failed", "state": state}
            )
        if request.remember:
            await self.sudo.grant(organization, user_id, row["client_id"], site, now)
        return await self._confirmed(organization, user_id, row, method, now, redirect_uri, state)

    async def _confirmed(self, organization: str, user_id: str, row, method: str, now: int, redirect_uri, state):
        code = random_id(32)
        async with self.transactions.begin() as uow:
            await uow.session.execute(
                update(challenges)
                .where(challenges.c.digest == row["digest"])
                .values(method=method, verified_at=now, code_digest=digest(code), code_expires_at=now + CODE_SECONDS)
            )
            await uow.audit(
                app_event("stepup.challenge.confirmed", organization, user_id, row["client_id"], method=method)
            )
        return with_query(redirect_uri, {"code": code, "state": state})

    async def _check_factor(self, organization: str, user_id: str, code: str) -> str:
        code = (code or "").strip()
        if not code:
            raise InvalidArgument("enter the code of your authenticator app or a backup code", field="code")
        return await use_code(self.totp, self.backup, organization, user_id, code)

    async def _failed(self, organization: str, user_id: str, row, reason: str) -> None:
        async with self.transactions.begin() as uow:
            await uow.audit(
                app_event(
                    "stepup.challenge.failed",
                    organization,
                    user_id,
                    row["client_id"],
                    outcome=Outcome.FAILURE,
                    reason=reason,
                )
            )

    # -- sudo windows (services/stepup/sudo.py) and 3. the app redeems the code (redemption.py) ---------

    async def revoke_sudo(self, organization: str, client_id: str) -> int:
        return await self.sudo.revoke(organization, client_id)

    async def verify(self, request) -> dict:
        return await self.redemption.verify(request)
