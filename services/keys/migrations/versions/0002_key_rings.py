"""key rings and signing keys

Revision ID: keys_0002
Revises: keys_0001
"""

import sqlalchemy as sa
from alembic import op

revision = "keys_0002"
down_revision = "keys_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "keys_rings",
        sa.Column("organization", sa.String(63), primary_key=True),
        sa.Column("algorithm", sa.String(8), nullable=False),
        sa.Column("version", sa.BigInteger, nullable=False),
        sa.Column("updated_at", sa.BigInteger, nullable=False),
        sa.Column("next_action_at", sa.BigInteger, nullable=True),
        sa.Column("locked_at", sa.BigInteger, nullable=False),
    )
    op.create_index("ix_keys_rings_updated_at", "keys_rings", ["updated_at"])
    op.create_index("ix_keys_rings_next_action_at", "keys_rings", ["next_action_at"])
    op.create_table(
        "keys_signing_keys",
        sa.Column("kid", sa.String(64), primary_key=True),
        sa.Column("organization", sa.String(63), nullable=False),
        sa.Column("generation", sa.Integer, nullable=False),
        sa.Column("algorithm", sa.String(8), nullable=False),
        sa.Column("public_jwk", sa.JSON, nullable=False),
        sa.Column("private_key_sealed", sa.LargeBinary, nullable=True),
        sa.Column("kek_id", sa.String(16), nullable=False),
        sa.Column("state", sa.String(8), nullable=False),
        sa.Column("created_at", sa.BigInteger, nullable=False),
        sa.Column("activate_at", sa.BigInteger, nullable=False),
        sa.Column("retire_at", sa.BigInteger, nullable=True),
        sa.Column("remove_at", sa.BigInteger, nullable=True),
        sa.UniqueConstraint("organization", "generation", name="uq_keys_signing_keys_generation"),
    )
    op.create_index("ix_keys_signing_keys_org_state", "keys_signing_keys", ["organization", "state"])


def downgrade() -> None:
    op.drop_table("keys_signing_keys")
    op.drop_table("keys_rings")
