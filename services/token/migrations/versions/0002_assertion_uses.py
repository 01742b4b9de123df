"""single-use assertion ids

Revision ID: token_0002
Revises: token_0001
"""

import sqlalchemy as sa
from alembic import op

revision = "token_0002"
down_revision = "token_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "token_assertion_uses",
        sa.Column("configuration", sa.String(300), nullable=False),
        sa.Column("jti", sa.String(512), nullable=False),
        sa.Column("expires_at", sa.BigInteger, nullable=False),
        sa.PrimaryKeyConstraint("configuration", "jti", name="pk_token_assertion_uses"),
    )
    op.create_index("ix_token_assertion_uses_expires_at", "token_assertion_uses", ["expires_at"])


def downgrade() -> None:
    op.drop_table("token_assertion_uses")
