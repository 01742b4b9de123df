"""users' custom domains (proved by a DNS TXT record) and GPG public keys

Revision ID: directory_0009
Revises: directory_0008
"""

import sqlalchemy as sa
from alembic import op

revision = "directory_0009"
down_revision = "directory_0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "directory_domains",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("organization", sa.String(63), nullable=False),
        sa.Column("user_id", sa.String(36), nullable=False),
        sa.Column("domain", sa.String(253), nullable=False),
        sa.Column("token", sa.String(64), nullable=False),
        sa.Column("verified_domain", sa.String(253), nullable=True),
        sa.Column("created_at", sa.BigInteger, nullable=False),
        sa.Column("verified_at", sa.BigInteger, nullable=True),
        sa.UniqueConstraint("organization", "user_id", "domain", name="uq_directory_domains_user"),
        sa.UniqueConstraint("organization", "verified_domain", name="uq_directory_domains_verified"),
    )
    op.create_table(
        "directory_gpg_keys",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("organization", sa.String(63), nullable=False),
        sa.Column("user_id", sa.String(36), nullable=False),
        sa.Column("key_id", sa.String(16), nullable=False),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("algorithm", sa.String(32), nullable=False),
        sa.Column("user_ids", sa.JSON, nullable=False),
        sa.Column("armored_key", sa.Text, nullable=False),
        sa.Column("key_created_at", sa.BigInteger, nullable=False),
        sa.Column("expires_at", sa.BigInteger, nullable=True),
        sa.Column("created_at", sa.BigInteger, nullable=False),
        sa.UniqueConstraint("organization", "fingerprint", name="uq_directory_gpg_keys_fingerprint"),
        sa.Index("ix_directory_gpg_keys_user", "organization", "user_id", "key_id"),
    )


def downgrade() -> None:
    op.drop_table("directory_gpg_keys")
    op.drop_table("directory_domains")
