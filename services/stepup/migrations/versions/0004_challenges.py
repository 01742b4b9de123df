"""step-up challenges and the rate counters

Revision ID: stepup_0004
Revises: stepup_0003
"""

import sqlalchemy as sa
from alembic import op

revision = "stepup_0004"
down_revision = "stepup_0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "stepup_challenges",
        sa.Column("digest", sa.String(64), primary_key=True),
        sa.Column("organization", sa.String(63), nullable=False),
        sa.Column("client_id", sa.String(64), nullable=False),
        sa.Column("redirect_uri", sa.String(2048), nullable=False),
        sa.Column("action", sa.String(200), nullable=False),
        sa.Column("nonce", sa.String(256), nullable=False),
        sa.Column("code_challenge", sa.String(128), nullable=True),
        sa.Column("require_captcha", sa.Boolean, nullable=False),
        sa.Column("created_at", sa.BigInteger, nullable=False),
        sa.Column("expires_at", sa.BigInteger, nullable=False),
        sa.Column("consumed_at", sa.BigInteger, nullable=True),
        sa.Column("user_id", sa.String(64), nullable=True),
        sa.Column("method", sa.String(16), nullable=True),
        sa.Column("verified_at", sa.BigInteger, nullable=True),
        sa.Column("code_digest", sa.String(64), nullable=True, unique=True),
        sa.Column("code_expires_at", sa.BigInteger, nullable=True),
        sa.Column("code_redeemed_at", sa.BigInteger, nullable=True),
    )
    op.create_index("ix_stepup_challenges_expires_at", "stepup_challenges", ["expires_at"])
    op.create_table(
        "stepup_rate_counters",
        sa.Column("key", sa.String(200), primary_key=True),
        sa.Column("window_started_at", sa.BigInteger, nullable=False),
        sa.Column("count", sa.Integer, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("stepup_rate_counters")
    op.drop_index("ix_stepup_challenges_expires_at", table_name="stepup_challenges")
    op.drop_table("stepup_challenges")
