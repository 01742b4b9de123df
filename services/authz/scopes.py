"""Which scope an app's access token needs for each RPC (spec 002's scope table); default deny.

Prism's own API is a resource server for the access tokens Prism issues to registered apps
(authorization code and refresh grants). Such a token is held to two rules, in this order:

1. the method's role rule (`policy.py`), as for any caller: an app never exceeds its user's rights;
2. the scope this table requires of the method: a token without it is refused with the scope named
   (RFC 6750 `insufficient_scope`).

A method absent from the table is refused for every app token, whatever its scopes (no scope opens
it: organizations, projects, service accounts, keys, SSO, audit, second factors...): that is a plain
refusal, since no scope the app could ask for would help.

Prism's first-party tokens are not app tokens and keep their role's full rights: the CLI's password
login (`prism-cli`), the pages' short tokens (`prism-console`), and a service account's own tokens
(API key or assumption: `client_id` is the account itself). A `client_credentials` token (subject =
the app) is no account and is refused before any rule.
"""

from __future__ import annotations

from collections.abc import Callable

from prism.runtime.scopes import FIRST_PARTY_CLIENTS
from services.authz.policy import Request


def is_app_token(client_id: str, subject: str, role: str) -> bool:
    """Whether a token was issued to a registered app (its scopes bound it) rather than to Prism's own clients."""
    if client_id in FIRST_PARTY_CLIENTS:
        return False
    return not (role == "service_account" and client_id == subject)


Needed = str | Callable[[Request], str]


def _own_or_admin(own: str, admin: str) -> Callable[[Request], str]:
    """The caller's own account needs `own`; anyone else's needs the admin scope `admin`."""

    def needed(r: Request) -> str:
        return own if r.parts.get("users") == r.subject else admin

    return needed


def _users_or_instance(user_scope: str, admin_scope: str) -> Callable[[Request], str]:
    """A user's resource (`organizations/{o}/users/{u}/...`) needs `user_scope`; the organization's, `admin_scope`."""

    def needed(r: Request) -> str:
        return user_scope if "users" in r.parts else admin_scope

    return needed


_D = "/prism.directory.v1.DirectoryService/"
_W = "/prism.webhooks.v1.WebhooksService/"
_S = "/prism.stepup.v1.StepUpService/"

SCOPES: dict[str, Needed] = {
    # profile, profile:write
    _D + "GetUser": _own_or_admin("profile", "admin:users:read"),
    _D + "UpdateProfile": "profile:write",
    # apps:read, apps:write (apps are the organization's; their role rule is `admin`)
    _D + "ListApps": "apps:read",
    _D + "GetApp": "apps:read",
    _D + "CreateApp": "apps:write",
    _D + "UpdateApp": "apps:write",
    _D + "DeleteApp": "apps:write",
    _D + "RotateAppSecret": "apps:write",
    # teams:*
    _D + "ListTeams": "teams:read",
    _D + "GetTeam": "teams:read",
    _D + "ListTeamMembers": "teams:read",
    _D + "AddTeamMember": "teams:write",
    _D + "RemoveTeamMember": "teams:write",
    _D + "CreateTeam": "teams:create",
    _D + "DeleteTeam": "teams:delete",
    # domains:*, gpg:*, social:* (their RPCs arrive with the domains work)
    _D + "ListDomains": "domains:read",
    _D + "GetDomain": "domains:read",
    _D + "CreateDomain": "domains:write",
    _D + "VerifyDomain": "domains:write",
    _D + "DeleteDomain": "domains:write",
    _D + "ListGpgKeys": "gpg:read",
    _D + "GetGpgKey": "gpg:read",
    _D + "CreateGpgKey": "gpg:write",
    _D + "DeleteGpgKey": "gpg:write",
    _D + "ListSocialAccounts": "social:read",
    _D + "DeleteSocialAccount": "social:write",
    # webhooks:* on a user's webhooks, admin:webhooks:* on the organization's (the webhooks work)
    _W + "ListWebhooks": _users_or_instance("webhooks:read", "admin:webhooks:read"),
    _W + "GetWebhook": _users_or_instance("webhooks:read", "admin:webhooks:read"),
    _W + "ListWebhookDeliveries": _users_or_instance("webhooks:read", "admin:webhooks:read"),
    _W + "CreateWebhook": _users_or_instance("webhooks:write", "admin:webhooks:write"),
    _W + "UpdateWebhook": _users_or_instance("webhooks:write", "admin:webhooks:write"),
    _W + "RedeliverWebhookDelivery": _users_or_instance("webhooks:write", "admin:webhooks:write"),
    _W + "DeleteWebhook": _users_or_instance("webhooks:write", "admin:webhooks:delete"),
    # admin:users:*
    _D + "ListUsers": "admin:users:read",
    _D + "CreateUser": "admin:users:write",
    _D + "UpdateUser": "admin:users:write",
    _D + "UnlockUser": "admin:users:write",
    _S + "ResetUserFactors": "admin:users:write",
    _D + "DeleteUser": "admin:users:delete",
    # admin:config:*
    _D + "GetSiteSettings": "admin:config:read",
    _D + "UpdateSiteSettings": "admin:config:write",
    # admin:invites:*
    _D + "ListInvitations": "admin:invites:read",
    _D + "GetInvitation": "admin:invites:read",
    _D + "CreateInvitation": "admin:invites:create",
    _D + "DeleteInvitation": "admin:invites:delete",
}


def required_scope(permission: str, request: Request) -> str | None:
    """The scope an app's token needs for `permission` on the request's resource; None if no scope opens it."""
    needed = SCOPES.get(permission)
    if needed is None:
        return None
    return needed if isinstance(needed, str) else needed(request)


def scope_refusal(permission: str, request: Request, scopes: tuple[str, ...]) -> tuple[str, str] | None:
    """None if an app's token with `scopes` may make this call; else (reason, the missing scope or "")."""
    needed = required_scope(permission, request)
    method = permission.rsplit("/", 1)[-1]
    if needed is None:
        return (
            f"an app's access token cannot call {method}: no scope opens it "
            "(use the prism CLI or an API key of a service account)",
            "",
        )
    if needed not in scopes:
        return f"this app's access token lacks the scope {needed!r}, which {method} needs", needed
    return None
