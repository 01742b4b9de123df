"""Spec 002: the `admin:*` scopes are for admins only. A person who is not an admin of the
organization cannot grant them to an app: the authorization request ends with `access_denied`
(RFC 6749 §4.1.2.1, "the resource owner or authorization server denied the request") and a
description naming the scopes, before any consent page and again when consent is given (the role
may have changed meanwhile). The request is refused rather than trimmed, so that an app never
receives less than it asked for without the user having been told why.

An app token is still held to its user's role at every call (services/authz/scopes.py), so a
later demotion takes the admin rights away from tokens granted before it.
"""

from __future__ import annotations

from services.token.authorization_requests import RedirectError

ADMIN_SCOPE_PREFIX = "admin:"
ADMIN_ROLE = "admin"


def admin_scopes(scopes: tuple[str, ...] | list[str]) -> list[str]:
    return sorted(scope for scope in scopes if scope.startswith(ADMIN_SCOPE_PREFIX))


def refusal(scopes: tuple[str, ...] | list[str], role: str | None) -> RedirectError | None:
    """The error to send back to the app when a user of `role` (None: gone) cannot grant `scopes`."""
    wanted = admin_scopes(scopes)
    if not wanted or role == ADMIN_ROLE:
        return None
    return RedirectError(
        "access_denied",
        f"only an admin of the organization can grant {' '.join(wanted)}; "
        "sign in as an admin or ask the app for fewer scopes",
    )
