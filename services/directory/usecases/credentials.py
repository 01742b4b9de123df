"""Checking credentials for the token service's logins, and a subject's grants for authz.

Internal only (the system caller). A wrong password, an unknown user and a throttled account fail
the same way, after the same work, and count as failures (services.directory.throttle); API keys
are looked up by their SHA-256 digest and never logged.
"""

from __future__ import annotations

import asyncio
import logging
import os
from concurrent.futures import ThreadPoolExecutor

from prism.runtime import clock, passwords
from prism.runtime.errors import InvalidArgument, NotFound, Unauthenticated
from prism.runtime.resource_names import SLUG_PATTERN
from prism.runtime.secrets import digest
from services.directory.apps import AppRepository
from services.directory.service_accounts import API_KEY_PREFIX, ServiceAccount, ServiceAccountRepository
from services.directory.teams import TeamRepository
from services.directory.throttle import SignInThrottle
from services.directory.usecases.base import UseCases
from services.directory.users import User, UserRepository

log = logging.getLogger("prism.directory.credentials")
BAD_PASSWORD = "invalid organization, username or password"
BAD_API_KEY = "invalid, expired or revoked API key"
# argon2 checks run here, one per CPU at most (each takes tens of MiB of memory)
_ARGON2 = ThreadPoolExecutor(max_workers=os.cpu_count() or 1, thread_name_prefix="argon2")


class CredentialUseCases(UseCases):
    def __init__(
        self,
        transactions,
        users: UserRepository,
        accounts: ServiceAccountRepository,
        teams: TeamRepository,
        apps: AppRepository,
        platform_organization: str | None,
        throttle: SignInThrottle,
    ) -> None:
        super().__init__(transactions)
        self.users = users
        self.accounts = accounts
        self.teams = teams
        self.apps = apps
        self.platform_organization = platform_organization
        self.throttle = throttle

    async def verify_password(self, organization: str, username: str, password: str, client_address: str = "") -> User:
        """The user these credentials sign in, or the one refusal every failure shares.

        The attempt is counted before the password is checked (services.directory.throttle). A wrong
        password, an unknown user, a disabled or external user and a locked account or address all
        cost the same argon2 work and raise the same error.
        """
        user, attempt = None, None
        if SLUG_PATTERN.match(organization or "") and username:
            keys = self.throttle.keys(organization, username, client_address)
            async with self.transactions.begin() as uow:
                attempt = await self.throttle.attempt(uow.session, organization, keys)  # a write first (SQLite)
                user = await self.users.by_username(uow.session, organization, username)
                if user is None and "@" in username:  # sign-in by email, when it names exactly one user
                    user = await self.users.by_email(uow.session, organization, username)
        may_sign_in = attempt is not None and attempt.allowed and user is not None
        may_sign_in = may_sign_in and user.kind == "local" and not user.disabled
        hash_ = user.password_hash if may_sign_in else None
        # with no hash it spends the same argon2 work; in a thread, so that other calls go on meanwhile
        if not await asyncio.get_running_loop().run_in_executor(_ARGON2, passwords.verify, hash_, password):
            if attempt is not None:
                self.throttle.failed(attempt)
            raise Unauthenticated(BAD_PASSWORD, reason="BAD_CREDENTIALS")
        async with self.transactions.begin() as uow:
            await self.throttle.succeeded(uow.session, user, attempt)
            if passwords.needs_rehash(hash_):  # argon2 parameters changed since this hash was made
                await self.users.set_password_hash(
                    uow.session, organization, user.id, passwords.hash_password(password)
                )
        return user

    async def verify_api_key(self, api_key: str) -> ServiceAccount:
        if not api_key.startswith(API_KEY_PREFIX) or len(api_key) > 200:
            raise Unauthenticated(BAD_API_KEY, reason="BAD_CREDENTIALS")
        now = clock.now_micros()
        async with self.transactions.begin() as uow:
            key = await self.accounts.key_by_digest(uow.session, digest(api_key))
            usable = (
                key is not None
                and key.revoked_at_micros is None
                and (key.expire_at_micros is None or key.expire_at_micros > now)
            )
            account = None
            if usable:
                account = await self.accounts.get(uow.session, key.organization, key.project_id, key.service_account_id)
            if account is None:
                if key is not None:
                    log.info(
                        "refused API key %s",
                        key.key_id,
                        extra={"organization": key.organization, "revoked": key.revoked_at_micros is not None},
                    )
                raise Unauthenticated(BAD_API_KEY, reason="BAD_CREDENTIALS")
            await self.accounts.touch_key(uow.session, key.key_id, now)
        return account

    async def grants(self, organization: str, subject: str, identity_domain: str) -> dict:
        if not SLUG_PATTERN.match(organization or ""):
            raise InvalidArgument("organization has an invalid slug", field="organization")
        suffix = f".{identity_domain}"
        async with self.transactions.begin() as uow:
            if "@service-accounts." in subject and subject.endswith(suffix):
                account_id, _, rest = subject.partition("@service-accounts.")
                project = rest[: -len(suffix)]
                account = await self.accounts.get(uow.session, organization, project, account_id)
                if account is None:
                    return {"exists": False}
                return {"exists": True, "role": "service_account", "project": project}
            user = await self.users.get(uow.session, organization, subject)
            if user is None:
                return {"exists": False}
            memberships = await self.teams.memberships(uow.session, organization, user.id)
        return {
            "exists": True,
            "role": user.role,
            "teams": sorted(m.team_id for m in memberships),
            "owned_teams": sorted(m.team_id for m in memberships if m.role == "owner"),
            "platform_admin": user.role == "admin" and organization == self.platform_organization,
        }

    async def user_claims(self, organization: str, user_id: str) -> tuple[User, list[tuple[str, str, str]], list]:
        """The user, their teams as (id, name, role) and the apps they registered, for ID tokens."""
        if not SLUG_PATTERN.match(organization or ""):
            raise InvalidArgument("organization has an invalid slug", field="organization")
        if not user_id:
            raise InvalidArgument("user_id is required", field="user_id")
        async with self.transactions.begin() as uow:
            user = await self.users.get(uow.session, organization, user_id)
            if user is None:
                raise NotFound(f"user {user_id!r} does not exist in {organization!r}", reason="USER_NOT_FOUND")
            memberships = await self.teams.memberships(uow.session, organization, user_id)
            teams = []
            for member in memberships:
                team = await self.teams.get(uow.session, organization, member.team_id)
                if team is not None:
                    teams.append((team.team_id, team.display_name or team.team_id, member.role))
            apps = await self.apps.owned_by(uow.session, organization, user_id)
        return user, sorted(teams), apps
