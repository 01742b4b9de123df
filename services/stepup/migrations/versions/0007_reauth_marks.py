"""re-authentication marks for factor changes

Revision ID: stepup_0007
Revises: stepup_0006
"""

import sqlalchemy as sa
from alembic import op

revision = "stepup_0007"
down_revision = "stepup_0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "stepup_reauth_marks",
        sa.Column("organization", sa.String(63), nullable=False),
        sa.Column("user_id", sa.String(64), nullable=False),
        sa.Column("session_id", sa.String(64), nullable=False),
        sa.Column("method", sa.String(16), nullable=False),
        sa.Column("created_at", sa.BigInteger, nullable=False),
        sa.Column("expires_at", sa.BigInteger, nullable=False),
        sa.PrimaryKeyConstraint("organization", "user_id", "session_id", name="pk_stepup_reauth_marks"),
    )
    op.create_index("ix_stepup_reauth_marks_expires_at", "stepup_reauth_marks", ["expires_at"])


def downgrade() -> None:
    op.drop_index("ix_stepup_reauth_marks_expires_at", table_name="stepup_reauth_marks")
    op.drop_table("stepup_reauth_marks")
