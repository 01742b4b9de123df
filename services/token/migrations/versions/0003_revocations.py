"""revoked access tokens

Revision ID: token_0003
Revises: token_0002
"""

import sqlalchemy as sa
from alembic import op

revision = "token_0003"
down_revision = "token_0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "token_revocations",
        sa.Column("jti", sa.String(128), primary_key=True),
        sa.Column("organization", sa.String(63), nullable=False),
        sa.Column("expires_at", sa.BigInteger, nullable=False),
        sa.Column("revoked_at", sa.BigInteger, nullable=False),
    )
    op.create_index("ix_token_revocations_expires_at", "token_revocations", ["expires_at"])


def downgrade() -> None:
    op.drop_table("token_revocations")
