"""Server-initiated step-up (spec 002): challenges, the user's confirmation, and the proof.

1. `create` — the app, authenticated (client secret, or PKCE for a public app), registers the
   action and its registered redirect URI; 60 per minute per app. The id is random; the row keeps
   its SHA-256. Nothing in the later browser URL can change what was pinned here.
2. `info` / `authorize` — the signed-in user sees the app and the action verbatim, ticks the
   acknowledgement and gives a TOTP or backup code. Every attempt first consumes the challenge
   (`UPDATE … WHERE consumed_at IS NULL`: once, on any replica) and counts against the user's 8
   attempts per 5 minutes, so a wrong code burns the challenge. Deny consumes it too.
3. `verify` — the app redeems the code (5 minutes, once) with the same client, the same redirect
   URI and the PKCE verifier, and gets exactly spec 002's proof.
"""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

import grpc
from sqlalchemy import and_, delete, select, update

from prism.directory.v1 import directory_pb2, directory_pb2_grpc
from prism.runtime.audit import AuditEvent, Outcome
from prism.runtime.caller import current_caller
from prism.runtime.clock import MICROS, Clock
from prism.runtime.errors import (
    InvalidArgument,
    InvalidClient,
    InvalidGrant,
    NotFound,
    PermissionDenied,
    TooManyRequests,
    Unauthenticated,
    Unimplemented,
)
from prism.runtime.grpc_status import from_aio_error
from prism.runtime.internal_auth import internal_metadata
from prism.runtime.jws import random_id
from prism.runtime.resource_names import SLUG_PATTERN
from prism.runtime.secrets import compare, digest, pkce_s256
from prism.runtime.service_app import Transactions
from prism.runtime.urls import with_query
from services.stepup.backup_codes import BackupCodes, looks_like_backup_code
from services.stepup.rates import hit
from services.stepup.tables import challenges, sudo_grants
from services.stepup.totp import TotpFactors

log = logging.getLogger("prism.stepup.challenges")
LIMITS = {"action": 200, "nonce": 256, "state": 512}
CHALLENGE_SECONDS = 600
CODE_SECONDS = 300
CREATIONS_PER_MINUTE = 60
ATTEMPTS_PER_FIVE_MINUTES = 8
GONE = "this confirmation request has expired or was already used; go back to the app and start again"
BAD_CODE = "Code expired or invalid"


class Challenges:
    def __init__(
        self,
        transactions: Transactions,
        totp: TotpFactors,
        backup: BackupCodes,
        directory: grpc.aio.Channel,
        internal_secret: str,
        public_url: str,
        clock: Clock,
    ) -> None:
        self.transactions = transactions
        self.totp = totp
        self.backup = backup
        self._directory = directory_pb2_grpc.DirectoryServiceStub(directory)
        self._metadata = internal_metadata("stepup", internal_secret)
        self.public_url = public_url
        self.clock = clock

    def _now(self) -> int:
        return self.clock.now_micros() // MICROS

    async def _ask(self, method, request):
        try:
            return await method(request, metadata=self._metadata, timeout=10, wait_for_ready=True)
        except grpc.aio.AioRpcError as error:
            raise from_aio_error(error) from None

    async def _client(self, organization: str, client_id: str, secret: str) -> directory_pb2.App:
        if not client_id:
            raise InvalidClient("client authentication is required (HTTP Basic or client_id/client_secret)")
        answer = await self._ask(
            self._directory.AuthenticateClient,
            directory_pb2.AuthenticateClientRequest(
                organization=organization, client_id=client_id, client_secret=secret
            ),
        )
        return answer.app

    # -- 1. the app registers the action ---------------------------------------------------------

    async def create(self, request) -> tuple[str, int]:
        organization = _organization(request.organization)
        for name, limit in LIMITS.items():
            if name != "state" and len(getattr(request, name)) > limit:
                raise InvalidArgument(f"{name} is longer than {limit} characters", field=name)
        app = await self._client(organization, request.client_id, request.client_secret)
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
                _event("stepup.challenge.created", organization, app.client_id, app.client_id, action=request.action)
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

    def _user(self, organization: str) -> str:
        caller = current_caller()
        if caller.kind != "user" or caller.organization != organization:
            raise PermissionDenied("sign in to this organization to confirm", reason="SIGN_IN_REQUIRED")
        return caller.subject

    async def info(self, organization: str, challenge_id: str) -> dict:
        organization = _organization(organization)
        user_id = self._user(organization)
        row = await self._live(organization, challenge_id)
        app = await self._ask(
            self._directory.GetApp,
            directory_pb2.GetAppRequest(name=f"organizations/{organization}/apps/{row['client_id']}"),
        )
        methods = []
        if await self.totp.enrolled(organization, user_id):
            methods.append("totp")
        if await self.backup.remaining(organization, user_id):
            methods.append("backup")
        site = await self._site()
        captcha = (site.require_captcha_for_2fa or row["require_captcha"]) and site.captcha_provider != "none"
        sudo_until = await self._sudo_until(organization, user_id, row["client_id"], site)
        return {
            "sudo_until": sudo_until,
            "sudo_ttl_minutes": site.sudo_mode_ttl_minutes if current_caller().session_id else 0,
            "client_id": row["client_id"],
            "app_name": app.app.display_name,
            "action": row["action"],
            "redirect_host": urlsplit(row["redirect_uri"]).netloc,
            "expires_at": row["expires_at"],
            "methods": methods,
            "captcha_required": captcha,
            "captcha_provider": site.captcha_provider if captcha else "",
            "captcha_site_key": site.captcha_site_key if captcha else "",
        }

    async def _site(self) -> directory_pb2.SiteSettings:
        answer = await self._ask(
            self._directory.GetSiteSettings, directory_pb2.GetSiteSettingsRequest(name="siteSettings")
        )
        return answer.settings

    async def authorize(self, request) -> str:
        organization = _organization(request.organization)
        user_id = self._user(organization)
        if len(request.state) > LIMITS["state"]:
            raise InvalidArgument(f"state is longer than {LIMITS['state']} characters", field="state")
        row = await self._live(organization, request.challenge_id)
        redirect_uri, state = row["redirect_uri"], request.state
        key = challenges.c.digest == row["digest"]
        if request.approve and not request.acknowledged:
            raise InvalidArgument("tick the box to confirm you have read the action", field="acknowledged")
        now = self._now()
        site = await self._site()
        sudo = (
            request.approve
            and not request.code
            and await self._sudo_until(organization, user_id, row["client_id"], site) > now
        )
        if request.approve and not sudo:  # the captcha gate guards factors; a sudo window checks none
            if (site.require_captcha_for_2fa or row["require_captcha"]) and site.captcha_provider != "none":
                raise Unimplemented("this site requires a captcha for step-up, which Prism does not offer yet")
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
                await uow.audit(_event("stepup.challenge.denied", organization, user_id, row["client_id"]))
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
        try:
            method = await self._check_factor(organization, user_id, request.code)
        except (Unauthenticated, InvalidArgument) as refused:  # the challenge is burnt either way
            await self._failed(organization, user_id, row, getattr(refused, "reason", "") or "BAD_CODE")
            return with_query(
                redirect_uri, {"error": "access_denied", "error_description": "Verification failed", "state": state}
            )
        if request.remember:
            await self._grant_sudo(organization, user_id, row["client_id"], site, now)
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
                _event("stepup.challenge.confirmed", organization, user_id, row["client_id"], method=method)
            )
        return with_query(redirect_uri, {"code": code, "state": state})

    # -- sudo windows --------------------------------------------------------------------------------

    async def _sudo_until(self, organization: str, user_id: str, client_id: str, site) -> int:
        """End of the caller's sudo window with the app on this browser session, or 0."""
        session_id = current_caller().session_id
        if not session_id or site.sudo_mode_ttl_minutes <= 0:  # a site that turns sudo off ends every window
            return 0
        query = select(sudo_grants.c.expires_at).where(
            sudo_grants.c.organization == organization,
            sudo_grants.c.user_id == user_id,
            sudo_grants.c.session_id == session_id,
            sudo_grants.c.client_id == client_id,
            sudo_grants.c.expires_at > self._now(),
        )
        async with self.transactions.begin() as uow:
            found = (await uow.session.execute(query)).scalar()
        return int(found or 0)

    async def _grant_sudo(self, organization: str, user_id: str, client_id: str, site, now: int) -> None:
        session_id = current_caller().session_id
        if not session_id or site.sudo_mode_ttl_minutes <= 0:
            return
        expires_at = now + site.sudo_mode_ttl_minutes * 60
        async with self.transactions.begin() as uow:
            key = (
                (sudo_grants.c.organization == organization)
                & (sudo_grants.c.user_id == user_id)
                & (sudo_grants.c.session_id == session_id)
                & (sudo_grants.c.client_id == client_id)
            )
            await uow.session.execute(delete(sudo_grants).where(key | (sudo_grants.c.expires_at < now)))
            await uow.session.execute(
                sudo_grants.insert().values(
                    organization=organization,
                    user_id=user_id,
                    session_id=session_id,
                    client_id=client_id,
                    created_at=now,
                    expires_at=expires_at,
                )
            )
            await uow.audit(_event("stepup.sudo.granted", organization, user_id, client_id, expires_at=expires_at))

    async def revoke_sudo(self, organization: str, client_id: str) -> int:
        organization = _organization(organization)
        user_id = self._user(organization)
        if not client_id:
            raise InvalidArgument("client_id is required", field="client_id")
        async with self.transactions.begin() as uow:
            removed = await uow.session.execute(
                delete(sudo_grants).where(
                    sudo_grants.c.organization == organization,
                    sudo_grants.c.user_id == user_id,
                    sudo_grants.c.client_id == client_id,
                )
            )
            await uow.audit(_event("stepup.sudo.revoked", organization, user_id, client_id, revoked=removed.rowcount))
        return removed.rowcount

    async def _check_factor(self, organization: str, user_id: str, code: str) -> str:
        code = (code or "").strip()
        if not code:
            raise InvalidArgument("enter the code of your authenticator app or a backup code", field="code")
        if looks_like_backup_code(code) and not code.replace(" ", "").isdigit():
            await self.backup.use(organization, user_id, code)
            return "backup"
        await self.totp.verify(organization, user_id, code, allow_enrollment=False)
        return "totp"

    async def _failed(self, organization: str, user_id: str, row, reason: str) -> None:
        async with self.transactions.begin() as uow:
            await uow.audit(
                _event(
                    "stepup.challenge.failed",
                    organization,
                    user_id,
                    row["client_id"],
                    outcome=Outcome.FAILURE,
                    reason=reason,
                )
            )

    # -- 3. the app redeems the code --------------------------------------------------------------

    async def verify(self, request) -> dict:
        organization = _organization(request.organization)
        app = await self._client(organization, request.client_id, request.client_secret)
        if not request.code or len(request.code) > 128:
            raise InvalidGrant(BAD_CODE)
        now = self._now()
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


def _organization(slug: str) -> str:
    if not SLUG_PATTERN.match(slug or ""):
        raise InvalidArgument("organization has an invalid slug", field="organization")
    return slug


def _event(name: str, organization: str, actor: str, client_id: str, outcome=Outcome.SUCCESS, **details):
    return AuditEvent(
        action=name,
        target=f"organizations/{organization}/apps/{client_id}",
        actor=actor,
        organization=organization,
        outcome=outcome,
        details={"client_id": client_id, **details},
    )
