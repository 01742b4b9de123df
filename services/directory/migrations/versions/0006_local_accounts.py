"""local accounts: email verification, disabled users, sign-in throttles, invitations, site settings

Revision ID: directory_0006
Revises: directory_0005
"""

import sqlalchemy as sa
from alembic import op

revision = "directory_0006"
down_revision = "directory_0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("directory_users") as batch:
        batch.add_column(sa.Column("provider", sa.String(63), nullable=True))
        batch.add_column(sa.Column("email_verified", sa.Boolean, nullable=False, server_default="0"))
        batch.add_column(sa.Column("disabled", sa.Boolean, nullable=False, server_default="0"))
    op.create_table(
        "directory_sign_in_throttles",
        sa.Column("key", sa.String(400), primary_key=True),
        sa.Column("failures", sa.Integer, nullable=False),
        sa.Column("window_started_at", sa.BigInteger, nullable=False),
        sa.Column("locked_until", sa.BigInteger, nullable=True),
    )
    op.create_index("ix_directory_sign_in_throttles_window", "directory_sign_in_throttles", ["window_started_at"])
    op.create_table(
        "directory_email_verifications",
        sa.Column("digest", sa.String(64), primary_key=True),
        sa.Column("organization", sa.String(63), nullable=False),
        sa.Column("user_id", sa.String(36), nullable=False),
        sa.Column("email", sa.String(320), nullable=False),
        sa.Column("created_at", sa.BigInteger, nullable=False),
        sa.Column("expires_at", sa.BigInteger, nullable=False),
    )
    op.create_table(
        "directory_invitations",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("organization", sa.String(63), nullable=False),
        sa.Column("email", sa.String(320), nullable=False),
        sa.Column("team", sa.String(63), nullable=True),
        sa.Column("team_role", sa.String(16), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("digest", sa.String(64), nullable=False, unique=True),
        sa.Column("inviter", sa.String(64), nullable=False),
        sa.Column("created_at", sa.BigInteger, nullable=False),
        sa.Column("expires_at", sa.BigInteger, nullable=False),
        sa.Column("revoked_at", sa.BigInteger, nullable=True),
        sa.Column("accepted_at", sa.BigInteger, nullable=True),
        sa.Column("accepted_by", sa.String(64), nullable=True),
    )
    op.create_index("ix_directory_invitations_organization", "directory_invitations", ["organization", "created_at"])
    op.create_table(
        "directory_site_settings",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("value", sa.JSON, nullable=False),
        sa.Column("updated_at", sa.BigInteger, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("directory_site_settings")
    op.drop_index("ix_directory_invitations_organization", table_name="directory_invitations")
    op.drop_table("directory_invitations")
    op.drop_table("directory_email_verifications")
    op.drop_index("ix_directory_sign_in_throttles_window", table_name="directory_sign_in_throttles")
    op.drop_table("directory_sign_in_throttles")
    with op.batch_alter_table("directory_users") as batch:
        batch.drop_column("disabled")
        batch.drop_column("email_verified")
        batch.drop_column("provider")
