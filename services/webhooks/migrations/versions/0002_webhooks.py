"""webhooks, intake cursors, the delivery outbox and its log

Revision ID: webhooks_0002
Revises: webhooks_0001
"""

import sqlalchemy as sa
from alembic import op

revision = "webhooks_0002"
down_revision = "webhooks_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "webhooks_webhooks",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("organization", sa.String(63), nullable=False),
        sa.Column("user_id", sa.String(64), nullable=False),
        sa.Column("url", sa.String(2048), nullable=False),
        sa.Column("event_types", sa.JSON, nullable=False),
        sa.Column("active", sa.Boolean, nullable=False),
        sa.Column("description", sa.String(500), nullable=False),
        sa.Column("secret", sa.LargeBinary, nullable=False),
        sa.Column("kek_id", sa.String(16), nullable=False),
        sa.Column("created_at", sa.BigInteger, nullable=False),
        sa.Column("updated_at", sa.BigInteger, nullable=False),
    )
    op.create_index("ix_webhooks_webhooks_owner", "webhooks_webhooks", ["organization", "user_id", "created_at"])
    op.create_table(
        "webhooks_intake_cursors",
        sa.Column("component", sa.String(32), primary_key=True),
        sa.Column("position", sa.BigInteger, nullable=False),
    )
    op.create_table(
        "webhooks_intake_events",
        sa.Column("event_id", sa.String(36), primary_key=True),
        sa.Column("component", sa.String(32), nullable=False),
        sa.Column("occurred_at", sa.BigInteger, nullable=False),
    )
    op.create_index("ix_webhooks_intake_events_time", "webhooks_intake_events", ["occurred_at"])
    op.create_table(
        "webhooks_deliveries",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("webhook_id", sa.String(36), nullable=False),
        sa.Column("organization", sa.String(63), nullable=False),
        sa.Column("event_id", sa.String(36), nullable=False),
        sa.Column("event_type", sa.String(128), nullable=False),
        sa.Column("payload", sa.Text, nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("max_attempts", sa.Integer, nullable=False),
        sa.Column("next_attempt_at", sa.BigInteger, nullable=False),
        sa.Column("created_at", sa.BigInteger, nullable=False),
        sa.Column("completed_at", sa.BigInteger, nullable=True),
        sa.UniqueConstraint("webhook_id", "event_id", name="uq_webhooks_deliveries_webhook_event"),
    )
    op.create_index("ix_webhooks_deliveries_due", "webhooks_deliveries", ["state", "next_attempt_at"])
    op.create_index("ix_webhooks_deliveries_log", "webhooks_deliveries", ["webhook_id", "created_at"])
    op.create_table(
        "webhooks_delivery_attempts",
        sa.Column("delivery_id", sa.String(36), nullable=False),
        sa.Column("number", sa.Integer, nullable=False),
        sa.Column("attempted_at", sa.BigInteger, nullable=False),
        sa.Column("status_code", sa.Integer, nullable=False),
        sa.Column("error", sa.String(500), nullable=False),
        sa.Column("duration_ms", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("delivery_id", "number", name="pk_webhooks_delivery_attempts"),
    )


def downgrade() -> None:
    for table in (
        "webhooks_delivery_attempts",
        "webhooks_deliveries",
        "webhooks_intake_events",
        "webhooks_intake_cursors",
        "webhooks_webhooks",
    ):
        op.drop_table(table)
