"""Who a step-up request is for: the organization slug (checked), the signed-in user of that
organization (from the verified caller, never from a request field), and the audit events of the
step-up service: about an app's challenge (`app_event`) or about a user's own factors (`user_event`)."""

from __future__ import annotations

from prism.runtime.audit import AuditEvent, Outcome
from prism.runtime.caller import current_caller
from prism.runtime.errors import InvalidArgument, PermissionDenied
from prism.runtime.resource_names import SLUG_PATTERN


def checked_organization(slug: str) -> str:
    if not SLUG_PATTERN.match(slug or ""):
        raise InvalidArgument("organization has an invalid slug", field="organization")
    return slug


def signed_in_user(organization: str) -> str:
    """The calling user's id; anyone else (an app, another organization's user) is refused."""
    caller = current_caller()
    if caller.kind != "user" or caller.organization != organization:
        raise PermissionDenied("sign in to this organization to confirm", reason="SIGN_IN_REQUIRED")
    return caller.subject


def app_event(name: str, organization: str, actor: str, client_id: str, outcome=Outcome.SUCCESS, **details):
    return AuditEvent(
        action=name,
        target=f"organizations/{organization}/apps/{client_id}",
        actor=actor,
        organization=organization,
        outcome=outcome,
        details={"client_id": client_id, **details},
    )


def user_event(action: str, organization: str, user_id: str, *, actor: str = "", **details) -> AuditEvent:
    """An event about a user's factors, by that user unless `actor` says otherwise (an admin's reset)."""
    return AuditEvent(
        action=action,
        target=f"organizations/{organization}/users/{user_id}",
        actor=actor or user_id,
        organization=organization,
        details=details,
    )
