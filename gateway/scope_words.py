"""Plain words for every scope, as a person reads them on the consent screen and the Apps page.

Each phrase completes "<app> would like to: ..." or stands alone in a list; the raw scope is shown
next to it in small type, so the words never have to carry the technical name.
"""

from __future__ import annotations

# In the order of spec 002's scopes table, then the two Prism-specific OIDC scopes.
SCOPE_WORDS: dict[str, str] = {
    "openid": "Sign you in and know your account ID",
    "profile": "See your name, username and profile picture",
    "profile:write": "Change your name and profile picture",
    "email": "See your email address and whether it is verified",
    "apps:read": "See the applications you own",
    "apps:write": "Create, change and delete your applications",
    "teams:read": "See the teams you belong to",
    "teams:write": "Change your teams' settings and manage their members",
    "teams:create": "Create new teams",
    "teams:delete": "Delete teams",
    "domains:read": "See your custom domains",
    "domains:write": "Add and remove your custom domains",
    "gpg:read": "See your GPG public keys",
    "gpg:write": "Add and remove your GPG public keys",
    "social:read": "See the social accounts linked to your account",
    "social:write": "Disconnect social accounts from your account",
    "webhooks:read": "See your webhooks",
    "webhooks:write": "Create, change and delete your webhooks",
    "admin:users:read": "Administrator: see every user account in this organization",
    "admin:users:write": "Administrator: change any user account in this organization",
    "admin:users:delete": "Administrator: delete user accounts in this organization",
    "admin:config:read": "Administrator: see this organization's configuration",
    "admin:config:write": "Administrator: change this organization's configuration",
    "admin:invites:read": "Administrator: see invitations",
    "admin:invites:create": "Administrator: send invitations",
    "admin:invites:delete": "Administrator: cancel invitations",
    "admin:webhooks:read": "Administrator: see organization-wide webhooks",
    "admin:webhooks:write": "Administrator: create and change organization-wide webhooks",
    "admin:webhooks:delete": "Administrator: delete organization-wide webhooks",
    "offline_access": "Stay connected to your account when you are not using the app, until you revoke access",
    "role": "Your role in this organization (user or admin)",
    "urn:prism:roles": "Your roles in this organization's projects",
}

ALL_SCOPES: tuple[str, ...] = tuple(SCOPE_WORDS)


def describe(scope: str) -> str:
    """The words for `scope`; an unknown scope is named as it is, never silently hidden."""
    words = SCOPE_WORDS.get(scope)
    if words is not None:
        return words
    return f'Access "{scope}"'
