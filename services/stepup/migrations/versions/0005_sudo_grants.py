"""sudo windows of step-up

Revision ID: stepup_0005
Revises: stepup_0004
"""

import sqlalchemy as sa
from alembic import op

revision = "stepup_0005"
down_revision = "stepup_0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "stepup_sudo_grants",
        sa.Column("organization", sa.String(63), nullable=False),
        sa.Column("user_id", sa.String(64), nullable=False),
        sa.Column("session_id", sa.String(64), nullable=False),
        sa.Column("client_id", sa.String(64), nullable=False),
        sa.Column("created_at", sa.BigInteger, nullable=False),
        sa.Column("expires_at", sa.BigInteger, nullable=False),
        sa.PrimaryKeyConstraint("organization", "user_id", "session_id", "client_id", name="pk_stepup_sudo_grants"),
    )


def downgrade() -> None:
    op.drop_table("stepup_sudo_grants")
