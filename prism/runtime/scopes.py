"""The scopes and ID-token fields Prism knows (spec 002's table), in one place."""

from __future__ import annotations

OIDC_SCOPES = ("openid", "profile", "email", "offline_access", "role", "urn:prism:roles")
API_SCOPES = (
    "profile:write",
    "apps:read",
    "apps:write",
    "teams:read",
    "teams:write",
    "teams:create",
    "teams:delete",
    "domains:read",
    "domains:write",
    "gpg:read",
    "gpg:write",
    "social:read",
    "social:write",
    "webhooks:read",
    "webhooks:write",
    "admin:users:read",
    "admin:users:write",
    "admin:users:delete",
    "admin:config:read",
    "admin:config:write",
    "admin:invites:read",
    "admin:invites:create",
    "admin:invites:delete",
    "admin:webhooks:read",
    "admin:webhooks:write",
    "admin:webhooks:delete",
)
KNOWN_SCOPES = frozenset(OIDC_SCOPES + API_SCOPES)
DEFAULT_APP_SCOPES = ("openid", "profile", "email", "offline_access")

# oidc_fields an app may opt into, with the scope each needs (spec 002)
OIDC_FIELDS = {
    "role": "openid",  # always in the ID token; accepted so that spec 002's ["role", "teams"] is valid
    "teams": "teams:read",
    "apps": "apps:read",
    "domains": "domains:read",
    "gpg_keys": "gpg:read",
    "social_accounts": "social:read",
}

# client_ids of Prism's own clients, never a registered app's: their tokens act with the user's full role
CLI_CLIENT_ID = "prism-cli"  # the CLI's password login
CONSOLE_CLIENT_ID = "prism-console"  # the pages' short tokens of a browser session
FIRST_PARTY_CLIENTS = frozenset({CLI_CLIENT_ID, CONSOLE_CLIENT_ID})

# the oidc_fields the directory reads on demand (GetUserClaimsRequest.profile_fields)
PROFILE_FIELDS = ("domains", "gpg_keys", "social_accounts")


def granted_profile_fields(scopes, oidc_fields) -> list[str]:
    """The PROFILE_FIELDS an ID token or UserInfo answer will carry: listed by the app, scope granted."""
    granted = set(scopes)
    return [f for f in oidc_fields if f in PROFILE_FIELDS and OIDC_FIELDS[f] in granted]


GRANT_TYPES = ("authorization_code", "refresh_token", "client_credentials")
DEFAULT_GRANT_TYPES = ("authorization_code", "refresh_token")
