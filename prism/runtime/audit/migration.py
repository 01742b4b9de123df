"""Migration operations for a component's audit outbox table (used by each component's first revision)."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


def create_audit_table(component: str) -> None:
    name = f"{component}_audit_events"
    op.create_table(
        name,
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("occurred_at", sa.BigInteger, nullable=False),
        sa.Column("organization", sa.String(128), nullable=True),
        sa.Column("actor", sa.String(512), nullable=False),
        sa.Column("action", sa.String(128), nullable=False),
        sa.Column("target", sa.String(512), nullable=False),
        sa.Column("outcome", sa.String(16), nullable=False),
        sa.Column("details", sa.JSON, nullable=False),
        sa.Column("emitted", sa.Boolean, nullable=False),
    )
    op.create_index(f"ix_{name}_org_time", name, ["organization", "occurred_at", "id"])
    op.create_index(f"ix_{name}_time", name, ["occurred_at", "id"])
    op.create_index(f"ix_{name}_pending", name, ["emitted"])


def drop_audit_table(component: str) -> None:
    op.drop_table(f"{component}_audit_events")
