"""password sign-ins waiting for their second factor; the methods a session was signed in with

Revision ID: token_0005
Revises: token_0004
"""

import sqlalchemy as sa
from alembic import op

revision = "token_0005"
down_revision = "token_0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "token_mfa_tickets",
        sa.Column("digest", sa.String(64), primary_key=True),
        sa.Column("organization", sa.String(63), nullable=False),
        sa.Column("user_id", sa.String(64), nullable=False),
        sa.Column("username", sa.String(128), nullable=False),
        sa.Column("request_digest", sa.String(64), nullable=True),
        sa.Column("purpose", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("created_at", sa.BigInteger, nullable=False),
        sa.Column("expires_at", sa.BigInteger, nullable=False),
    )
    op.create_index("ix_token_mfa_tickets_expires_at", "token_mfa_tickets", ["expires_at"])
    with op.batch_alter_table("token_sessions") as batch:
        batch.add_column(sa.Column("amr", sa.String(64), nullable=False, server_default="pwd"))


def downgrade() -> None:
    with op.batch_alter_table("token_sessions") as batch:
        batch.drop_column("amr")
    op.drop_index("ix_token_mfa_tickets_expires_at", table_name="token_mfa_tickets")
    op.drop_table("token_mfa_tickets")
