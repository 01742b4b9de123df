"""Which audit events a webhook subscribes to: exact types, `prefix.*` patterns, or `*`.

Types are audit actions (`<component>.<noun>.<verb>`, e.g. `gateway.login.succeeded`); the first
segment must be a component that records events, so a typo is refused at creation, not silently
never matched.
"""

from __future__ import annotations

import re

from prism.runtime.components import DATA_OWNERS, GATEWAY
from prism.runtime.errors import InvalidArgument

# first segments of audit actions: every component that records events (each data owner), and
# `gateway` (`gateway.login.*`, recorded by the token service)
KNOWN_SOURCES = tuple(sorted({c.name for c in DATA_OWNERS} | {GATEWAY}))
MAX_TYPES = 50
_SEGMENT = r"[a-z0-9_]+"
_EXACT = re.compile(rf"^{_SEGMENT}(?:\.{_SEGMENT})*$")
_PREFIX = re.compile(rf"^{_SEGMENT}(?:\.{_SEGMENT})*\.\*$")


def validate(event_types: list[str], *, field: str = "webhook.event_types") -> tuple[str, ...]:
    """The event types, deduplicated and in order; InvalidArgument naming the first bad one."""
    if not event_types:
        raise InvalidArgument(
            "name at least one event type (e.g. gateway.login.succeeded, gateway.login.*, *)", field=field
        )
    if len(event_types) > MAX_TYPES:
        raise InvalidArgument(f"at most {MAX_TYPES} event types per webhook", field=field)
    seen: list[str] = []
    for raw in event_types:
        value = raw.strip()
        if value != "*":
            if len(value) > 128 or not (_EXACT.match(value) or _PREFIX.match(value)):
                raise InvalidArgument(
                    f"event type {raw!r} is not valid: use an audit event type (gateway.login.succeeded), "
                    "a prefix ending in .* (gateway.login.*) or * for every event",
                    field=field,
                )
            source = value.split(".", 1)[0]
            if source not in KNOWN_SOURCES:
                raise InvalidArgument(
                    f"event type {raw!r} names no known source; event types start with one of: "
                    f"{', '.join(KNOWN_SOURCES)}",
                    field=field,
                )
        if value not in seen:
            seen.append(value)
    return tuple(seen)


def matches(patterns: tuple[str, ...], event_type: str) -> bool:
    for pattern in patterns:
        if pattern == "*" or pattern == event_type:
            return True
        if pattern.endswith(".*") and event_type.startswith(pattern[:-1]):
            return True
    return False
