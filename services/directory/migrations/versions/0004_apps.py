"""OAuth apps

Revision ID: directory_0004
Revises: directory_0003
"""

import sqlalchemy as sa
from alembic import op

revision = "directory_0004"
down_revision = "directory_0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "directory_apps",
        sa.Column("client_id", sa.String(64), primary_key=True),
        sa.Column("organization", sa.String(63), nullable=False),
        sa.Column("display_name", sa.String(200), nullable=False),
        sa.Column("description", sa.String(2000), nullable=False),
        sa.Column("client_type", sa.String(16), nullable=False),
        sa.Column("secret_digest", sa.String(64), nullable=True),
        sa.Column("settings", sa.JSON, nullable=False),
        sa.Column("created_at", sa.BigInteger, nullable=False),
        sa.Column("updated_at", sa.BigInteger, nullable=False),
    )
    op.create_index("ix_directory_apps_organization", "directory_apps", ["organization", "created_at"])


def downgrade() -> None:
    op.drop_table("directory_apps")
