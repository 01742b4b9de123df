"""second factors of users (TOTP first)

Revision ID: stepup_0002
Revises: stepup_0001
"""

import sqlalchemy as sa
from alembic import op

revision = "stepup_0002"
down_revision = "stepup_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "stepup_factors",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("organization", sa.String(63), nullable=False),
        sa.Column("user_id", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("secret", sa.LargeBinary, nullable=True),
        sa.Column("kek_id", sa.String(16), nullable=True),
        sa.Column("confirmed_at", sa.BigInteger, nullable=True),
        sa.Column("last_used_step", sa.BigInteger, nullable=True),
        sa.Column("created_at", sa.BigInteger, nullable=False),
    )
    op.create_index("ix_stepup_factors_user", "stepup_factors", ["organization", "user_id"])


def downgrade() -> None:
    op.drop_index("ix_stepup_factors_user", table_name="stepup_factors")
    op.drop_table("stepup_factors")
