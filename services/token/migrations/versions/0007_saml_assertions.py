"""SAML assertions consumed at the ACS (single use across replicas)

Revision ID: token_0007
Revises: token_0006
"""

import sqlalchemy as sa
from alembic import op

revision = "token_0007"
down_revision = "token_0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "token_saml_assertions",
        sa.Column("assertion_digest", sa.String(64), primary_key=True),
        sa.Column("organization", sa.String(63), nullable=False),
        sa.Column("provider", sa.String(63), nullable=False),
        sa.Column("expires_at", sa.BigInteger, nullable=False),
    )
    op.create_index("ix_token_saml_assertions_expires_at", "token_saml_assertions", ["expires_at"])


def downgrade() -> None:
    op.drop_index("ix_token_saml_assertions_expires_at", table_name="token_saml_assertions")
    op.drop_table("token_saml_assertions")
