"""organizations' own upstream identity providers (organization SSO)

Revision ID: directory_0008
Revises: directory_0007
"""

import sqlalchemy as sa
from alembic import op

revision = "directory_0008"
down_revision = "directory_0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "directory_sso_providers",
        sa.Column("organization", sa.String(63), nullable=False),
        sa.Column("slug", sa.String(63), nullable=False),
        sa.Column("type", sa.String(16), nullable=False),
        sa.Column("label", sa.String(200), nullable=False),
        sa.Column("icon", sa.String(2048), nullable=False),
        sa.Column("email_patterns", sa.JSON, nullable=False),
        sa.Column("client_id", sa.String(400), nullable=False),
        sa.Column("client_secret", sa.LargeBinary, nullable=True),
        sa.Column("key_id", sa.String(16), nullable=True),
        sa.Column("authorization_endpoint", sa.String(2048), nullable=False),
        sa.Column("token_endpoint", sa.String(2048), nullable=False),
        sa.Column("jwks_uri", sa.String(2048), nullable=False),
        sa.Column("scopes", sa.String(400), nullable=False),
        sa.Column("issuer", sa.String(2048), nullable=False),
        sa.Column("attributes_mapping", sa.JSON, nullable=False),
        sa.Column("created_at", sa.BigInteger, nullable=False),
        sa.PrimaryKeyConstraint("organization", "slug", name="pk_directory_sso_providers"),
    )


def downgrade() -> None:
    op.drop_table("directory_sso_providers")
