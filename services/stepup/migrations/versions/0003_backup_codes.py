"""single-use backup codes

Revision ID: stepup_0003
Revises: stepup_0002
"""

import sqlalchemy as sa
from alembic import op

revision = "stepup_0003"
down_revision = "stepup_0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "stepup_backup_codes",
        sa.Column("digest", sa.String(64), primary_key=True),
        sa.Column("organization", sa.String(63), nullable=False),
        sa.Column("user_id", sa.String(64), nullable=False),
        sa.Column("created_at", sa.BigInteger, nullable=False),
        sa.Column("used_at", sa.BigInteger, nullable=True),
    )
    op.create_index("ix_stepup_backup_codes_user", "stepup_backup_codes", ["organization", "user_id"])


def downgrade() -> None:
    op.drop_index("ix_stepup_backup_codes_user", table_name="stepup_backup_codes")
    op.drop_table("stepup_backup_codes")
