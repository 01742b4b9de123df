"""Users of an organization: admins manage them; a user sees themself.

Local users sign in with a password; external users through an SSO provider (its slug in
`provider`) and never with a password. An organization always keeps one enabled admin.
"""

from __future__ import annotations

import uuid
from dataclasses import replace

from prism.directory.v1 import directory_pb2 as pb
from prism.runtime import clock, passwords
from prism.runtime.caller import current_caller
from prism.runtime.errors import FailedPrecondition, InvalidArgument, PermissionDenied
from prism.runtime.resource_names import SLUG_PATTERN, parse
from prism.runtime.update_mask import check_update_mask
from services.directory.tenancy import not_found, tenant
from services.directory.throttle import SignInState, SignInThrottle
from services.directory.usecases.base import UseCases
from services.directory.users import LOCAL_PROVIDER, ROLES, User, UserRepository, validated_username

USER = "organizations/{org}/users/{user}"
KINDS = ("local", "external")
UPDATABLE = ("email", "display_name", "role", "password", "disabled")
RESERVED_PROVIDER = (
    "`prism` is reserved for Prism's own local (password) accounts; an SSO provider named so would make "
    "its users look local and force them into TOTP enrolment they cannot complete — choose another slug, "
    "e.g. `prism-saas`"
)


class UserUseCases(UseCases):
    def __init__(self, transactions, repository: UserRepository, throttle: SignInThrottle) -> None:
        super().__init__(transactions)
        self.repository = repository
        self.throttle = throttle

    async def create(
        self,
        parent: str,
        *,
        username: str,
        password: str,
        email: str,
        display_name: str,
        role: str,
        kind: str = "",
        provider: str = "",
    ) -> User:
        org = tenant(parse("organizations/{org}", parent, field="parent")["org"])
        validated_username(username, "user.username")
        role = _role(role or "user")
        kind = kind or "local"
        if kind not in KINDS:
            raise InvalidArgument(f"kind must be one of {', '.join(KINDS)}", field="user.kind")
        if kind == "local":
            if provider and provider != LOCAL_PROVIDER:
                raise InvalidArgument(
                    "provider is for external users; local users sign in with a password", field="user.provider"
                )
            if not password:
                raise InvalidArgument("password is required", field="user.password")
            passwords.check_policy(password, field="user.password")
        else:
            if password:
                raise InvalidArgument(
                    "external users sign in through their SSO provider and cannot have a password",
                    field="user.password",
                )
            _external_provider(provider)
        email = _email(email)
        display_name = _display_name(display_name)
        user = User(
            str(uuid.uuid4()),
            org,
            username,
            email,
            display_name or username,
            role,
            kind,
            passwords.hash_password(password) if kind == "local" else None,
            clock.now_micros(),
            provider=provider if kind == "external" else None,
        )
        async with self.transactions.begin() as uow:
            await self.repository.add(uow.session, user)
            details = {"username": username, "role": role, "kind": kind}
            if user.provider:
                details["provider"] = user.provider
            await self.audit(uow, "directory.user.created", org, f"organizations/{org}/users/{user.id}", **details)
        return user

    async def get(self, name: str) -> User:
        return (await self.get_with_sign_ins(name))[0]

    async def get_with_sign_ins(self, name: str) -> tuple[User, SignInState]:
        """The user and their brute-force counters (failed sign-ins, lock-out)."""
        parts = parse(USER, name, field="name")
        org = tenant(parts["org"])
        async with self.transactions.begin() as uow:
            user = await self.repository.get(uow.session, org, parts["user"])
            if user is None:
                raise not_found("user", parts["user"])
            return user, await self.throttle.state(uow.session, user)

    async def list(self, parent: str, size: int, token: str) -> tuple[list[User], str]:
        org = tenant(parse("organizations/{org}", parent, field="parent")["org"])
        async with self.transactions.begin() as uow:
            return await self.repository.list(uow.session, org, size, token)

    async def update(self, user_message: pb.User, paths: list[str]) -> User:
        """Changes the fields named in `paths`; the last enabled admin stays an enabled admin."""
        parts = parse(USER, user_message.name, field="user.name")
        org = tenant(parts["org"])
        check_update_mask(paths, UPDATABLE)
        new_hash = None
        if "password" in paths:
            passwords.check_policy(user_message.password, field="user.password")
            new_hash = passwords.hash_password(user_message.password)
        async with self.transactions.begin() as uow:
            user = await self.repository.get(uow.session, org, parts["user"])
            if user is None:
                raise not_found("user", parts["user"], field="user.name")
            updated = user
            if "email" in paths:
                email = _email(user_message.email)
                updated = replace(updated, email=email, email_verified=user.email_verified and email == user.email)
            if "display_name" in paths:
                updated = replace(updated, display_name=_display_name(user_message.display_name) or user.username)
            if "role" in paths:
                updated = replace(updated, role=_role(user_message.role))
            if "disabled" in paths:
                updated = replace(updated, disabled=user_message.disabled)
            if new_hash is not None:
                if user.kind != "local":
                    raise FailedPrecondition(
                        "external users sign in through their SSO provider and cannot have a password",
                        field="user.password",
                    )
                updated = replace(updated, password_hash=new_hash)
            was_admin = user.role == "admin" and not user.disabled
            stays_admin = updated.role == "admin" and not updated.disabled
            if was_admin and not stays_admin and await self.repository.count_admins(uow.session, org) <= 1:
                raise FailedPrecondition(
                    "this is the organization's last enabled admin; make another admin first",
                    field="user.role" if updated.role != "admin" else "user.disabled",
                )
            await self.repository.save(uow.session, updated)
            details = {"fields": sorted(set(paths))}
            if "role" in paths:
                details["role"] = updated.role
            if "disabled" in paths:
                details["disabled"] = updated.disabled
            await self.audit(uow, "directory.user.updated", org, f"organizations/{org}/users/{user.id}", **details)
        return updated

    async def update_profile(self, name: str, display_name: str) -> User:
        """The caller's own profile fields (display name); nobody, admins included, edits another's here."""
        user_id = parse(USER, name, field="name")["user"]
        caller = current_caller()
        if not caller.is_system and caller.subject != user_id:
            raise PermissionDenied("only the account's own user may change its profile")
        return await self.update(pb.User(name=name, display_name=display_name), ["display_name"])

    async def unlock(self, name: str) -> User:
        """Lifts the user's sign-in lock-out and forgets their failed attempts (by username and email)."""
        parts = parse(USER, name, field="name")
        org = tenant(parts["org"])
        async with self.transactions.begin() as uow:
            user = await self.repository.get(uow.session, org, parts["user"])
            if user is None:
                raise not_found("user", parts["user"])
            await self.throttle.clear(uow.session, user)
            await self.audit(uow, "directory.user.unlocked", org, name, username=user.username)
        return user

    async def delete(self, name: str) -> None:
        parts = parse(USER, name, field="name")
        org = tenant(parts["org"])
        async with self.transactions.begin() as uow:
            user = await self.repository.get(uow.session, org, parts["user"])
            if user is None:
                raise not_found("user", parts["user"])
            enabled_admin = user.role == "admin" and not user.disabled
            if enabled_admin and await self.repository.count_admins(uow.session, org) <= 1:
                raise FailedPrecondition(
                    "this is the organization's last admin; make another admin first", field="name"
                )
            await self.repository.delete(uow.session, org, user.id)
            await self.audit(uow, "directory.user.deleted", org, name, username=user.username)


def _role(role: str) -> str:
    if role not in ROLES:
        raise InvalidArgument(f"role must be one of {', '.join(ROLES)}", field="user.role")
    return role


def _email(email: str) -> str:
    if email and ("@" not in email or len(email) > 320):
        raise InvalidArgument(f"email {email!r} is not a valid address", field="user.email")
    return email


def _display_name(display_name: str) -> str:
    if len(display_name) > 200:
        raise InvalidArgument("display_name is longer than 200 characters", field="user.display_name")
    return display_name


def _external_provider(provider: str) -> None:
    if not provider:
        raise InvalidArgument("provider (the slug of the user's SSO provider) is required", field="user.provider")
    if provider == LOCAL_PROVIDER:
        raise InvalidArgument(RESERVED_PROVIDER, field="user.provider")
    if not SLUG_PATTERN.match(provider):
        raise InvalidArgument(
            f"provider {provider!r} is not a slug: use lowercase letters, digits and hyphens", field="user.provider"
        )
