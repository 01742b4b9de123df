"""passkeys (WebAuthn) and their single-use challenges

Revision ID: stepup_0006
Revises: stepup_0005
"""

import sqlalchemy as sa
from alembic import op

revision = "stepup_0006"
down_revision = "stepup_0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "stepup_passkeys",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("organization", sa.String(63), nullable=False),
        sa.Column("user_id", sa.String(64), nullable=False),
        sa.Column("credential_id", sa.String(1400), nullable=False),
        sa.Column("public_key", sa.LargeBinary, nullable=False),
        sa.Column("sign_count", sa.BigInteger, nullable=False),
        sa.Column("transports", sa.String(200), nullable=False),
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("created_at", sa.BigInteger, nullable=False),
        sa.Column("last_used_at", sa.BigInteger, nullable=True),
    )
    op.create_index("ix_stepup_passkeys_user", "stepup_passkeys", ["organization", "user_id"])
    op.create_index("ux_stepup_passkeys_credential", "stepup_passkeys", ["organization", "credential_id"], unique=True)
    op.create_table(
        "stepup_passkey_ceremonies",
        sa.Column("digest", sa.String(64), primary_key=True),
        sa.Column("organization", sa.String(63), nullable=False),
        sa.Column("user_id", sa.String(64), nullable=False),
        sa.Column("purpose", sa.String(16), nullable=False),
        sa.Column("challenge_digest", sa.String(64), nullable=True),
        sa.Column("created_at", sa.BigInteger, nullable=False),
        sa.Column("expires_at", sa.BigInteger, nullable=False),
        sa.Column("used_at", sa.BigInteger, nullable=True),
    )
    op.create_index("ix_stepup_passkey_ceremonies_expires_at", "stepup_passkey_ceremonies", ["expires_at"])


def downgrade() -> None:
    op.drop_index("ix_stepup_passkey_ceremonies_expires_at", table_name="stepup_passkey_ceremonies")
    op.drop_table("stepup_passkey_ceremonies")
    op.drop_index("ux_stepup_passkeys_credential", table_name="stepup_passkeys")
    op.drop_index("ix_stepup_passkeys_user", table_name="stepup_passkeys")
    op.drop_table("stepup_passkeys")
