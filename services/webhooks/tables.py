"""Tables owned by the webhooks service (its migrations create exactly these)."""

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.types import JSON

from prism.runtime.audit import define_audit_table

metadata = MetaData()

audit_events = define_audit_table(metadata, "webhooks")

# subscriptions: an organization's (user_id empty) or one user's; the signing secret is sealed
webhooks = Table(
    "webhooks_webhooks",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("organization", String(63), nullable=False),
    Column("user_id", String(64), nullable=False),  # "" for an organization webhook
    Column("url", String(2048), nullable=False),
    Column("event_types", JSON, nullable=False),  # list of exact types or `prefix.*`
    Column("active", Boolean, nullable=False),
    Column("description", String(500), nullable=False),
    Column("secret", LargeBinary, nullable=False),  # sealed signing secret
    Column("kek_id", String(16), nullable=False),  # which encryption key sealed it
    Column("created_at", BigInteger, nullable=False),  # microseconds since the epoch
    Column("updated_at", BigInteger, nullable=False),
    Index("ix_webhooks_webhooks_owner", "organization", "user_id", "created_at"),
)

# where intake stands per component: the newest audit event time seen (microseconds)
intake_cursors = Table(
    "webhooks_intake_cursors",
    metadata,
    Column("component", String(32), primary_key=True),
    Column("position", BigInteger, nullable=False),
)

# audit events already fanned out (the unique id dedupes the re-read lag window and replicas)
intake_events = Table(
    "webhooks_intake_events",
    metadata,
    Column("event_id", String(36), primary_key=True),
    Column("component", String(32), nullable=False),
    Column("occurred_at", BigInteger, nullable=False),
    Index("ix_webhooks_intake_events_time", "occurred_at"),
)

# the delivery outbox: one row per (webhook, event); the worker claims due pending rows
deliveries = Table(
    "webhooks_deliveries",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("webhook_id", String(36), nullable=False),
    Column("organization", String(63), nullable=False),
    Column("event_id", String(36), nullable=False),
    Column("event_type", String(128), nullable=False),
    Column("payload", Text, nullable=False),  # the exact JSON body that is signed and sent
    Column("state", String(16), nullable=False),  # pending | succeeded | failed
    Column("attempts", Integer, nullable=False),
    Column("max_attempts", Integer, nullable=False),  # given up once `attempts` reaches it
    Column("next_attempt_at", BigInteger, nullable=False),  # due time, or the lease of a claimed row
    Column("created_at", BigInteger, nullable=False),
    Column("completed_at", BigInteger, nullable=True),
    UniqueConstraint("webhook_id", "event_id", name="uq_webhooks_deliveries_webhook_event"),
    Index("ix_webhooks_deliveries_due", "state", "next_attempt_at"),
    Index("ix_webhooks_deliveries_log", "webhook_id", "created_at"),
)

# the delivery log: every attempt with its outcome
attempts = Table(
    "webhooks_delivery_attempts",
    metadata,
    Column("delivery_id", String(36), nullable=False),
    Column("number", Integer, nullable=False),
    Column("attempted_at", BigInteger, nullable=False),
    Column("status_code", Integer, nullable=False),  # 0: no answer
    Column("error", String(500), nullable=False),
    Column("duration_ms", Integer, nullable=False),
    PrimaryKeyConstraint("delivery_id", "number", name="pk_webhooks_delivery_attempts"),
)
