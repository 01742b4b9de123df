"""The one schema of an audit event."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any


class Outcome(enum.StrEnum):
    SUCCESS = "success"
    FAILURE = "failure"
    DENIED = "denied"


@dataclass(frozen=True)
class AuditEvent:
    action: str  # `<component>.<noun>.<verb>`, e.g. `directory.organization.created`
    target: str  # resource name the action applied to
    actor: str  # who acted: user id, service account name, or "system"
    organization: str | None = None  # slug; None for platform events
    outcome: Outcome = Outcome.SUCCESS
    details: dict[str, Any] = field(default_factory=dict)  # never secrets


@dataclass(frozen=True)
class StoredAuditEvent:
    id: str
    occurred_at_micros: int
    component: str
    event: AuditEvent
