"""Audit events: recorded in the owning component's transaction (an outbox table), emitted as
structured log lines after commit, and listed through AuditService."""

from prism.runtime.audit.events import AuditEvent, Outcome
from prism.runtime.audit.outbox import AuditOutbox, define_audit_table

__all__ = ["AuditEvent", "AuditOutbox", "Outcome", "define_audit_table"]
