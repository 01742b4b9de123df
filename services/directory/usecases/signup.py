"""Local sign-up and email verification (spec 001: DISABLE_LOCAL_SIGNUP switches sign-up off).

Anyone may create a local account (role `user`) in an existing organization; its address starts
unverified and a link with a random token is emailed to it (the row keeps the token's SHA-256).
The link works once, until it expires, and only while the account still has that address.
"""

from __future__ import annotations

import uuid

from prism.runtime import clock, passwords
from prism.runtime.audit import AuditEvent
from prism.runtime.errors import AlreadyExists, FailedPrecondition, InvalidArgument, NotFound, PermissionDenied
from prism.runtime.jws import random_id
from prism.runtime.resource_names import SLUG_PATTERN
from prism.runtime.secrets import digest
from services.directory.email_verifications import (
    EmailVerification,
    EmailVerificationRepository,
    SqlEmailVerificationRepository,
)
from services.directory.emails import validated_email, verification_email
from services.directory.organizations import OrganizationRepository
from services.directory.usecases.base import UseCases
from services.directory.users import User, UserRepository, validated_username

SIGNUP_DISABLED = "local sign-up is disabled on this server (DISABLE_LOCAL_SIGNUP)"
MAX_DISPLAY_NAME = 200
TOKEN_BYTES = 32


def refuse_if_signup_disabled(settings) -> None:
    if settings.disable_local_signup:
        raise PermissionDenied(SIGNUP_DISABLED, reason="LOCAL_SIGNUP_DISABLED")


def new_local_user(
    organization: str,
    *,
    user_id: str,
    username: str,
    email: str,
    password: str,
    display_name: str,
    role: str,
    email_verified: bool = False,
) -> User:
    """A local account with a hashed password, after the username, password and name rules."""
    validated_username(username, "username")
    passwords.check_policy(password, field="password")
    if len(display_name) > MAX_DISPLAY_NAME:
        raise InvalidArgument(f"display_name is longer than {MAX_DISPLAY_NAME} characters", field="display_name")
    return User(
        id=user_id,
        organization=organization,
        username=username,
        email=email,
        display_name=display_name.strip() or username,
        role=role,
        kind="local",
        password_hash=passwords.hash_password(password),
        created_at_micros=clock.now_micros(),
        email_verified=email_verified,
    )


async def add_user(users: UserRepository, session, user: User) -> None:
    """Insert a new account; a taken username is reported against the request's `username` field."""
    try:
        await users.add(session, user)
    except AlreadyExists:
        raise AlreadyExists(
            f"username {user.username!r} is taken in this organization; choose another", field="username"
        ) from None


class SignUpUseCases(UseCases):
    def __init__(
        self,
        transactions,
        users: UserRepository,
        organizations: OrganizationRepository,
        mailer,
        settings,
        verifications: EmailVerificationRepository | None = None,
    ) -> None:
        super().__init__(transactions)
        self.users = users
        self.organizations = organizations
        self.mailer = mailer
        self.settings = settings
        self.verifications = verifications or SqlEmailVerificationRepository()

    async def sign_up(self, org: str, *, username: str, email: str, password: str, display_name: str) -> User:
        refuse_if_signup_disabled(self.settings)
        if not org:
            raise InvalidArgument("org is required", field="org")
        email = validated_email(email, "email")
        user = new_local_user(
            org,
            user_id=str(uuid.uuid4()),
            username=username,
            email=email,
            password=password,
            display_name=display_name,
            role="user",
        )
        token = random_id(TOKEN_BYTES)
        ttl_hours = self.settings.email_verification_ttl_hours
        verification = EmailVerification(
            digest(token),
            org,
            user.id,
            email,
            user.created_at_micros,
            user.created_at_micros + ttl_hours * 3600 * clock.MICROS,
        )
        async with self.transactions.begin() as uow:
            organization = await self.organizations.get_by_slug(uow.session, org) if SLUG_PATTERN.match(org) else None
            if organization is None:
                raise NotFound(f"organization {org!r} does not exist", field="org")
            await add_user(self.users, uow.session, user)
            await self.verifications.add(uow.session, verification)
            await uow.audit(
                AuditEvent(
                    action="directory.user.signed_up",
                    target=f"organizations/{org}/users/{user.id}",
                    actor=user.id,
                    organization=org,
                    details={"username": user.username, "role": user.role},
                )
            )
            created = await self.users.get(uow.session, org, user.id)
        url = f"{self.settings.public_url}/verify-email?token={token}"
        self.mailer.send_soon(email, *verification_email(organization.display_name, user.username, url, ttl_hours))
        return created

    async def verify_email(self, token: str) -> User:
        if not token:
            raise InvalidArgument("token is required", field="token")
        key = digest(token)
        async with self.transactions.begin() as uow:
            verification = await self.verifications.by_digest(uow.session, key)
        if verification is None:
            raise NotFound(
                "this email verification link is not valid or was already used; check that you copied all of it",
                reason="VERIFICATION_LINK_INVALID",
                field="token",
            )
        if verification.expires_at_micros <= clock.now_micros():
            raise FailedPrecondition(
                f"this email verification link has expired (links work for "
                f"{self.settings.email_verification_ttl_hours} hours); ask an administrator of your organization "
                "for help",
                reason="VERIFICATION_LINK_EXPIRED",
                field="token",
            )
        org, user_id = verification.organization, verification.user_id
        async with self.transactions.begin() as uow:
            if not await self.verifications.consume(uow.session, key):
                raise NotFound(
                    "this email verification link was already used", reason="VERIFICATION_LINK_INVALID", field="token"
                )
            if not await self.verifications.mark_verified(uow.session, org, user_id, verification.email):
                if await self.users.get(uow.session, org, user_id) is None:
                    raise NotFound(
                        "the account this link was sent for no longer exists",
                        reason="VERIFICATION_LINK_INVALID",
                        field="token",
                    )
                raise FailedPrecondition(
                    "this link was sent to an address the account no longer has; it cannot confirm the current one",
                    reason="VERIFICATION_LINK_STALE",
                    field="token",
                )
            await uow.audit(
                AuditEvent(
                    action="directory.user.email_verified",
                    target=f"organizations/{org}/users/{user_id}",
                    actor=user_id,
                    organization=org,
                    details={"email": verification.email},
                )
            )
            return await self.users.get(uow.session, org, user_id)
