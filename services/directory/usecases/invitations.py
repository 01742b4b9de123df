"""Invitations: admins invite a person by email into their organization (and a team).

The link carries a random token shown once (in the response that creates it, and the email); the
row keeps its SHA-256. Whoever holds a pending link may accept it once: with a new local account
(the invitation's address, verified by the link itself, and its role) unless DISABLE_LOCAL_SIGNUP,
or with an existing account of the organization proven by its password unless DISABLE_LOCAL_SIGNIN.
Revoking keeps the record (state REVOKED); an accepted invitation cannot be revoked.
"""

from __future__ import annotations

import uuid

from prism.runtime import clock
from prism.runtime.audit import AuditEvent
from prism.runtime.caller import current_caller
from prism.runtime.errors import FailedPrecondition, InvalidArgument, NotFound, PermissionDenied
from prism.runtime.jws import random_id
from prism.runtime.resource_names import parse, validate_id
from prism.runtime.secrets import digest
from services.directory.emails import invitation_email, validated_email
from services.directory.invitations import (
    ACCEPTED,
    EXPIRED,
    PENDING,
    REVOKED,
    Invitation,
    InvitationRepository,
    SqlInvitationRepository,
)
from services.directory.organizations import OrganizationRepository
from services.directory.teams import MEMBER_ROLES, TeamMember, TeamRepository
from services.directory.tenancy import not_found, tenant
from services.directory.usecases.base import UseCases
from services.directory.usecases.signup import add_user, new_local_user, refuse_if_signup_disabled
from services.directory.users import ROLES, User, UserRepository

INVITATION = "organizations/{org}/invitations/{invitation}"
MAX_TTL_HOURS = 8760  # a year
TOKEN_BYTES = 32
SIGNIN_DISABLED = "local sign-in is disabled on this server (DISABLE_LOCAL_SIGNIN)"

# why a link no longer works, by state: (reason, what the person can do)
_NOT_PENDING = {
    EXPIRED: ("INVITATION_EXPIRED", "this invitation has expired; ask for a new one"),
    REVOKED: ("INVITATION_REVOKED", "this invitation was revoked; ask for a new one if you still need access"),
    ACCEPTED: ("INVITATION_ACCEPTED", "this invitation has already been accepted; sign in instead"),
}


class InvitationUseCases(UseCases):
    def __init__(
        self,
        transactions,
        users: UserRepository,
        teams: TeamRepository,
        organizations: OrganizationRepository,
        site_settings,
        credentials,
        mailer,
        settings,
        repository: InvitationRepository | None = None,
        external_users=None,
    ) -> None:
        super().__init__(transactions)
        self.external_users = external_users
        self.users = users
        self.teams = teams
        self.organizations = organizations
        self.site_settings = site_settings
        self.credentials = credentials
        self.mailer = mailer
        self.settings = settings
        self.repository = repository or SqlInvitationRepository()

    # -- administration (admins of the organization) -------------------------------------------

    async def create(self, parent: str, invitation) -> tuple[Invitation, str]:
        org = tenant(parse("organizations/{org}", parent, field="parent")["org"])
        email = validated_email(invitation.email, "invitation.email")
        team = invitation.team or None
        if team is not None:
            validate_id(team, field="invitation.team", what="team id")
        team_role = invitation.team_role or "member"
        if team_role not in MEMBER_ROLES:
            raise InvalidArgument(f"team_role must be one of {', '.join(MEMBER_ROLES)}", field="invitation.team_role")
        role = invitation.role or "user"
        if role not in ROLES:
            raise InvalidArgument(f"role must be one of {', '.join(ROLES)}", field="invitation.role")
        ttl_hours = invitation.ttl_hours or await self._default_ttl_hours()
        if not 1 <= ttl_hours <= MAX_TTL_HOURS:
            raise InvalidArgument(f"ttl_hours must be between 1 and {MAX_TTL_HOURS}", field="invitation.ttl_hours")
        token = random_id(TOKEN_BYTES)
        now = clock.now_micros()
        created = Invitation(
            id=str(uuid.uuid4()),
            organization=org,
            email=email,
            team=team,
            team_role=team_role,
            role=role,
            digest=digest(token),
            inviter=current_caller().subject,
            created_at_micros=now,
            expires_at_micros=now + ttl_hours * 3600 * clock.MICROS,
        )
        async with self.transactions.begin() as uow:
            organization = await self.organizations.get_by_slug(uow.session, org)
            if organization is None:
                raise not_found("organization", org, field="parent")
            team_name = ""
            if team is not None:
                found = await self.teams.get(uow.session, org, team)
                if found is None:
                    raise not_found("team", team, field="invitation.team")
                team_name = found.display_name or team
            await self.repository.add(uow.session, created)
            await self.audit(
                uow,
                "directory.invitation.created",
                org,
                _name(created),
                email=email,
                team=team or "",
                team_role=team_role,
                role=role,
                ttl_hours=ttl_hours,
            )
        url = f"{self.settings.public_url}/invitations/accept?token={token}"
        self.mailer.send_soon(email, *invitation_email(organization.display_name, team_name, url, ttl_hours))
        return created, url

    async def get(self, name: str) -> Invitation:
        parts = parse(INVITATION, name, field="name")
        org = tenant(parts["org"])
        async with self.transactions.begin() as uow:
            found = await self.repository.get(uow.session, org, parts["invitation"])
        if found is None:
            raise not_found("invitation", parts["invitation"])
        return found

    async def list(self, parent: str, size: int, token: str) -> tuple[list[Invitation], str]:
        org = tenant(parse("organizations/{org}", parent, field="parent")["org"])
        async with self.transactions.begin() as uow:
            return await self.repository.list(uow.session, org, size, token)

    async def revoke(self, name: str) -> Invitation:
        parts = parse(INVITATION, name, field="name")
        org = tenant(parts["org"])
        async with self.transactions.begin() as uow:
            found = await self.repository.get(uow.session, org, parts["invitation"])
            if found is None:
                raise not_found("invitation", parts["invitation"])
            if not await self.repository.revoke(uow.session, org, found.id, clock.now_micros()):
                if found.accepted_at_micros is not None:
                    raise FailedPrecondition(
                        "this invitation was already accepted and cannot be revoked; remove the user or their team "
                        "membership instead",
                        reason="INVITATION_ACCEPTED",
                        field="name",
                    )
                raise FailedPrecondition(
                    "this invitation is already revoked", reason="INVITATION_REVOKED", field="name"
                )
            await self.audit(uow, "directory.invitation.revoked", org, name, email=found.email)
            return await self.repository.get(uow.session, org, found.id)

    # -- the link (anyone holding it) ----------------------------------------------------------

    async def lookup(self, token: str) -> tuple[Invitation, str, str]:
        """The pending invitation of a link, with its organization's and team's display names."""
        async with self.transactions.begin() as uow:
            invitation = await self._pending(uow.session, token)
            organization = await self.organizations.get_by_slug(uow.session, invitation.organization)
            team_name = ""
            if invitation.team:
                team = await self.teams.get(uow.session, invitation.organization, invitation.team)
                team_name = (team.display_name or team.team_id) if team else invitation.team
        return invitation, organization.display_name if organization else invitation.organization, team_name

    async def accept(
        self,
        token: str,
        *,
        create_account: bool,
        username: str,
        password: str,
        display_name: str,
        client_address: str,
        external=None,
    ) -> tuple[Invitation, User]:
        """Accepts with a new local account, an existing one, or (`external`, set by the token service
        after an SSO sign-in) the external account of that identity, found or created here."""
        async with self.transactions.begin() as uow:
            invitation = await self._pending(uow.session, token)
        org = invitation.organization
        if external is not None:
            return await self._accept_external(invitation, external)
        new_user = None
        if create_account:
            refuse_if_signup_disabled(self.settings)
            new_user = new_local_user(
                org,
                user_id=str(uuid.uuid4()),
                username=username,
                email=invitation.email,
                password=password,
                display_name=display_name,
                role=invitation.role,
                email_verified=True,  # the invitation was sent to this address: following its link proves it
            )
            user_id = new_user.id
        else:
            if self.settings.disable_local_signin:
                raise PermissionDenied(SIGNIN_DISABLED, reason="LOCAL_SIGNIN_DISABLED")
            if not username or not password:
                raise InvalidArgument("username and password of your account are required", field="username")
            existing = await self.credentials.verify_password(org, username, password, client_address=client_address)
            user_id = existing.id
        now = clock.now_micros()
        async with self.transactions.begin() as uow:
            # the claim comes first: of concurrent accepts, one updates the row and the others find none
            if not await self.repository.accept(uow.session, org, invitation.id, user_id, now):
                current = await self.repository.get(uow.session, org, invitation.id)
                reason, message = _NOT_PENDING.get(current.state(now) if current else REVOKED, _NOT_PENDING[REVOKED])
                raise FailedPrecondition(message, reason=reason, field="token")
            if new_user is not None:
                await add_user(self.users, uow.session, new_user)
                await self._audit(
                    uow,
                    "directory.user.created",
                    org,
                    f"organizations/{org}/users/{user_id}",
                    user_id,
                    username=new_user.username,
                    role=new_user.role,
                    invitation=invitation.id,
                )
            elif await self.users.get(uow.session, org, user_id) is None:  # deleted since the password check
                raise NotFound("your account no longer exists", reason="USER_NOT_FOUND", field="username")
            if invitation.team:
                await self._join_team(uow.session, invitation, user_id, now)
            await self._audit(
                uow,
                "directory.invitation.accepted",
                org,
                _name(invitation),
                user_id,
                user=user_id,
                created_account=new_user is not None,
                team=invitation.team or "",
                team_role=invitation.team_role,
            )
            accepted = await self.repository.get(uow.session, org, invitation.id)
            user = await self.users.get(uow.session, org, user_id)
        return accepted, user

    async def _accept_external(self, invitation: Invitation, external) -> tuple[Invitation, User]:
        if not current_caller().is_system:  # the identity must have been proven by the provider
            raise PermissionDenied("only Prism's SSO sign-in may accept an invitation for an SSO identity")
        org, now = invitation.organization, clock.now_micros()
        async with self.transactions.begin() as uow:
            if not await self.repository.accept(uow.session, org, invitation.id, "pending", now):
                current = await self.repository.get(uow.session, org, invitation.id)
                reason, message = _NOT_PENDING.get(current.state(now) if current else REVOKED, _NOT_PENDING[REVOKED])
                raise FailedPrecondition(message, reason=reason, field="token")
            user, created = await self.external_users.resolve_in(
                uow,
                org,
                external.provider,
                external.subject,
                email=external.email,
                email_verified=external.email_verified,
                given_name=external.given_name,
                family_name=external.family_name,
                create=True,
                role=invitation.role,
            )
            await self.repository.set_accepted_by(uow.session, org, invitation.id, user.id)
            if invitation.team:
                await self._join_team(uow.session, invitation, user.id, now)
            await self._audit(
                uow,
                "directory.invitation.accepted",
                org,
                _name(invitation),
                user.id,
                user=user.id,
                created_account=created,
                provider=external.provider,
                team=invitation.team or "",
                team_role=invitation.team_role,
            )
            accepted = await self.repository.get(uow.session, org, invitation.id)
        return accepted, user

    # -- steps ---------------------------------------------------------------------------------

    async def _pending(self, session, token: str) -> Invitation:
        if not token:
            raise InvalidArgument("token is required", field="token")
        invitation = await self.repository.by_digest(session, digest(token))
        if invitation is None:
            raise NotFound(
                "this invitation link is not valid; check that you copied all of it, or ask for a new one",
                reason="INVITATION_NOT_FOUND",
                field="token",
            )
        state = invitation.state(clock.now_micros())
        if state != PENDING:
            reason, message = _NOT_PENDING[state]
            raise FailedPrecondition(message, reason=reason, field="token")
        return invitation

    async def _join_team(self, session, invitation: Invitation, user_id: str, now: int) -> None:
        org, team = invitation.organization, invitation.team
        if await self.teams.get(session, org, team) is None:
            raise FailedPrecondition(
                f"the team {team!r} of this invitation no longer exists; ask for a new invitation",
                reason="TEAM_NOT_FOUND",
                field="token",
            )
        memberships = {m.team_id: m.role for m in await self.teams.memberships(session, org, user_id)}
        if memberships.get(team) == "owner":  # an invitation never demotes an owner
            return
        await self.teams.put_member(session, TeamMember(org, team, user_id, invitation.team_role, now))

    async def _default_ttl_hours(self) -> int:
        return (await self.site_settings.current()).invitation_ttl_hours

    @staticmethod
    async def _audit(uow, action: str, organization: str, target: str, actor: str, **details) -> None:
        """An event whose actor is the person holding the link (not the anonymous caller)."""
        await uow.audit(
            AuditEvent(action=action, target=target, actor=actor, organization=organization, details=details)
        )


def _name(invitation: Invitation) -> str:
    return f"organizations/{invitation.organization}/invitations/{invitation.id}"
