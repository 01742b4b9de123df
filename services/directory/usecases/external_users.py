"""External (SSO) accounts: the account of an upstream identity, for the token service's SSO sign-in.

An SSO identity is (provider, subject). Its account is found by that pair; the first sign-in may
instead claim an external account of the same provider that an admin created with the person's
email (only when the provider says the email is verified, and only an account no identity claimed
yet); else, where the caller allows it, a new external account is created — no password, so never
asked for a TOTP code by Prism (its identity provider enforces its own factors). Later sign-ins
never match by email: a changed or recycled address at the provider cannot take over an account.
"""

from __future__ import annotations

import re
import uuid

from sqlalchemy import and_, func, select, update

from prism.runtime import clock
from prism.runtime.errors import AlreadyExists, InvalidArgument, NotFound
from prism.runtime.resource_names import SLUG_PATTERN
from services.directory.tables import users
from services.directory.tenancy import in_organization, insert_unique
from services.directory.usecases.base import UseCases
from services.directory.users import User, UserRepository

RESERVED_PROVIDER = "prism"
_USERNAME_CHARS = re.compile(r"[^A-Za-z0-9._@+-]")


class ExternalUserUseCases(UseCases):
    def __init__(self, transactions, repository: UserRepository) -> None:
        super().__init__(transactions)
        self.repository = repository

    async def resolve(
        self,
        organization: str,
        provider: str,
        subject: str,
        *,
        email: str,
        email_verified: bool,
        given_name: str,
        family_name: str,
        create: bool,
    ) -> tuple[User, bool]:
        async with self.transactions.begin() as uow:
            return await self.resolve_in(
                uow,
                organization,
                provider,
                subject,
                email=email,
                email_verified=email_verified,
                given_name=given_name,
                family_name=family_name,
                create=create,
            )

    async def resolve_in(
        self,
        uow,
        organization: str,
        provider: str,
        subject: str,
        *,
        email: str,
        email_verified: bool,
        given_name: str,
        family_name: str,
        create: bool,
        role: str = "user",
    ) -> tuple[User, bool]:
        """`resolve` inside the caller's transaction (an invitation's acceptance creates and joins at once)."""
        if not SLUG_PATTERN.match(organization or ""):
            raise InvalidArgument("organization has an invalid slug", field="organization")
        if not provider or provider == RESERVED_PROVIDER:
            raise InvalidArgument("provider must name an SSO provider (not `prism`)", field="provider")
        if not subject or len(subject) > 255:
            raise InvalidArgument("subject is required (at most 255 characters)", field="subject")
        email = email if email and "@" in email and len(email) <= 320 else ""
        kind = users.c.kind == "external"
        mine = and_(in_organization(users, organization), kind, users.c.provider == provider)
        row = (await uow.session.execute(select(users.c.id).where(mine, users.c.external_subject == subject))).first()
        if row is None and email and email_verified:
            unclaimed = (
                await uow.session.execute(
                    select(users.c.id)
                    .where(mine, users.c.external_subject.is_(None), func.lower(users.c.email) == email.lower())
                    .limit(2)
                )
            ).all()
            if len(unclaimed) == 1:
                claimed = await uow.session.execute(
                    update(users)
                    .where(users.c.id == unclaimed[0][0], users.c.external_subject.is_(None))
                    .values(external_subject=subject, email_verified=True)
                )
                if claimed.rowcount == 1:
                    row = unclaimed[0]
                    await self.audit(
                        uow,
                        "directory.user.identity_linked",
                        organization,
                        f"organizations/{organization}/users/{row[0]}",
                        provider=provider,
                    )
        created = False
        if row is None:
            if not create:
                raise NotFound(
                    f"no account of this organization signs in with {provider}", reason="NO_EXTERNAL_ACCOUNT"
                )
            user_id = str(uuid.uuid4())
            username = await self._free_username(uow.session, organization, email or f"{provider}-{subject}")
            display_name = " ".join(part for part in (given_name, family_name) if part) or username
            await insert_unique(
                uow.session,
                users,
                {
                    "id": user_id,
                    "organization": organization,
                    "username": username,
                    "email": email,
                    "display_name": display_name[:200],
                    "role": role,
                    "kind": "external",
                    "password_hash": None,
                    "created_at": clock.now_micros(),
                    "provider": provider,
                    "external_subject": subject,
                    "email_verified": bool(email and email_verified),
                    "disabled": False,
                },
                AlreadyExists("this identity already has an account (a concurrent first sign-in)"),
            )
            await self.audit(
                uow,
                "directory.user.created",
                organization,
                f"organizations/{organization}/users/{user_id}",
                username=username,
                role=role,
                kind="external",
                provider=provider,
            )
            row, created = (user_id,), True
        user = await self.repository.get(uow.session, organization, row[0])
        if user is None:
            raise NotFound("the external account disappeared", reason="NO_EXTERNAL_ACCOUNT")
        if getattr(user, "disabled", False):
            raise NotFound(f"no account of this organization signs in with {provider}", reason="NO_EXTERNAL_ACCOUNT")
        return user, created

    async def _free_username(self, session, organization: str, wanted: str) -> str:
        base = _USERNAME_CHARS.sub("-", wanted).strip("-.") or "user"
        base = base[:100]
        if not base[0].isalnum():
            base = "u" + base
        candidate = base
        for suffix in range(1, 1000):
            taken = await session.execute(
                select(users.c.id).where(in_organization(users, organization), users.c.username == candidate)
            )
            if taken.first() is None:
                return candidate
            candidate = f"{base}-{suffix}"
        return f"{base}-{uuid.uuid4().hex[:8]}"
