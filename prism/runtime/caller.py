"""The verified caller of the current RPC, carried in gRPC metadata from the gateway.

The gateway validates the bearer token and forwards who the caller is (`x-prism-user-id`,
`x-prism-organization`, `x-prism-subject-kind`); the caller interceptor puts it in a context
variable so use cases read it without threading it through every signature.
"""

from __future__ import annotations

import contextvars
from dataclasses import dataclass

USER_ID_KEY = "x-prism-user-id"
ORGANIZATION_KEY = "x-prism-organization"
SUBJECT_KIND_KEY = "x-prism-subject-kind"


@dataclass(frozen=True)
class Caller:
    subject: str  # user id, service account canonical name, component name (system), or "anonymous"
    organization: str | None  # slug of the caller's organization
    kind: str  # "user", "service_account", "anonymous", "system"
    role: str = ""  # "admin", "user" or "service_account", as the directory said when authz checked
    platform_admin: bool = False  # administers the platform organization
    session_id: str = ""  # the browser session a page's token was issued for (`sid`), else empty
    auth_time: int = 0  # when that browser session signed in (seconds since the epoch), else 0

    @property
    def actor(self) -> str:
        return self.subject

    @property
    def is_system(self) -> bool:
        return self.kind == "system"

    def to_metadata(self) -> tuple[tuple[str, str], ...]:
        pairs = [(USER_ID_KEY, self.subject), (SUBJECT_KIND_KEY, self.kind)]
        if self.organization:
            pairs.append((ORGANIZATION_KEY, self.organization))
        return tuple(pairs)


ANONYMOUS = Caller(subject="anonymous", organization=None, kind="anonymous")
_current: contextvars.ContextVar[Caller] = contextvars.ContextVar("prism_caller", default=ANONYMOUS)


def current_caller() -> Caller:
    return _current.get()


def caller_from_metadata(metadata: dict[str, str]) -> Caller:
    subject = metadata.get(USER_ID_KEY)
    if not subject:
        return ANONYMOUS
    return Caller(
        subject=subject,
        organization=metadata.get(ORGANIZATION_KEY) or None,
        kind=metadata.get(SUBJECT_KIND_KEY, "user"),
    )


def bind(caller: Caller) -> contextvars.Token:
    return _current.set(caller)


def unbind(token: contextvars.Token) -> None:
    _current.reset(token)
