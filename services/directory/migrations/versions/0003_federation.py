"""OpenID trust configurations and assumption methods

Revision ID: directory_0003
Revises: directory_0002
"""

import sqlalchemy as sa
from alembic import op

revision = "directory_0003"
down_revision = "directory_0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "directory_openid_configurations",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("organization", sa.String(63), nullable=False),
        sa.Column("project_id", sa.String(63), nullable=False),
        sa.Column("configuration_id", sa.String(63), nullable=False),
        sa.Column("issuer", sa.String(2048), nullable=False),
        sa.Column("jwks_url", sa.String(2048), nullable=False),
        sa.Column("audience", sa.String(2048), nullable=False),
        sa.Column("single_use_jti", sa.Boolean, nullable=False),
        sa.Column("max_assertion_age_seconds", sa.Integer, nullable=False),
        sa.Column("created_at", sa.BigInteger, nullable=False),
        sa.UniqueConstraint(
            "organization", "project_id", "configuration_id", name="uq_directory_openid_configurations_id"
        ),
    )
    op.create_table(
        "directory_assumption_methods",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("organization", sa.String(63), nullable=False),
        sa.Column("project_id", sa.String(63), nullable=False),
        sa.Column("service_account_id", sa.String(63), nullable=False),
        sa.Column("configuration_id", sa.String(63), nullable=False),
        sa.Column("rules", sa.JSON, nullable=False),
        sa.Column("created_at", sa.BigInteger, nullable=False),
    )
    op.create_index(
        "ix_directory_assumption_methods_owner",
        "directory_assumption_methods",
        ["organization", "project_id", "service_account_id"],
    )


def downgrade() -> None:
    op.drop_table("directory_assumption_methods")
    op.drop_table("directory_openid_configurations")
