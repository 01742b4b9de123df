"""sign-ins in flight at upstream SSO providers

Revision ID: token_0006
Revises: token_0005
"""

import sqlalchemy as sa
from alembic import op

revision = "token_0006"
down_revision = "token_0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "token_upstream_logins",
        sa.Column("state_digest", sa.String(64), primary_key=True),
        sa.Column("organization", sa.String(63), nullable=False),
        sa.Column("provider", sa.String(63), nullable=False),
        sa.Column("request_digest", sa.String(64), nullable=True),
        sa.Column("binding_digest", sa.String(64), nullable=False),
        sa.Column("invitation_digest", sa.String(64), nullable=True),
        sa.Column("nonce", sa.String(64), nullable=False),
        sa.Column("code_verifier", sa.String(128), nullable=False),
        sa.Column("created_at", sa.BigInteger, nullable=False),
        sa.Column("expires_at", sa.BigInteger, nullable=False),
    )
    op.create_index("ix_token_upstream_logins_expires_at", "token_upstream_logins", ["expires_at"])


def downgrade() -> None:
    op.drop_index("ix_token_upstream_logins_expires_at", table_name="token_upstream_logins")
    op.drop_table("token_upstream_logins")
