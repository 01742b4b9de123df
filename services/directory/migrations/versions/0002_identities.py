"""users, projects, teams, service accounts and API keys

Revision ID: directory_0002
Revises: directory_0001
"""

import sqlalchemy as sa
from alembic import op

revision = "directory_0002"
down_revision = "directory_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "directory_users",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("organization", sa.String(63), nullable=False),
        sa.Column("username", sa.String(128), nullable=False),
        sa.Column("email", sa.String(320), nullable=False),
        sa.Column("display_name", sa.String(200), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("password_hash", sa.String(256), nullable=True),
        sa.Column("created_at", sa.BigInteger, nullable=False),
        sa.UniqueConstraint("organization", "username", name="uq_directory_users_username"),
    )
    op.create_table(
        "directory_projects",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("organization", sa.String(63), nullable=False),
        sa.Column("project_id", sa.String(63), nullable=False),
        sa.Column("created_at", sa.BigInteger, nullable=False),
        sa.UniqueConstraint("organization", "project_id", name="uq_directory_projects_id"),
    )
    op.create_table(
        "directory_teams",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("organization", sa.String(63), nullable=False),
        sa.Column("team_id", sa.String(63), nullable=False),
        sa.Column("display_name", sa.String(200), nullable=False),
        sa.Column("created_at", sa.BigInteger, nullable=False),
        sa.UniqueConstraint("organization", "team_id", name="uq_directory_teams_id"),
    )
    op.create_table(
        "directory_team_members",
        sa.Column("organization", sa.String(63), nullable=False),
        sa.Column("team_id", sa.String(63), nullable=False),
        sa.Column("user_id", sa.String(36), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("created_at", sa.BigInteger, nullable=False),
        sa.PrimaryKeyConstraint("organization", "team_id", "user_id", name="pk_directory_team_members"),
    )
    op.create_index("ix_directory_team_members_user", "directory_team_members", ["organization", "user_id"])
    op.create_table(
        "directory_service_accounts",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("organization", sa.String(63), nullable=False),
        sa.Column("project_id", sa.String(63), nullable=False),
        sa.Column("service_account_id", sa.String(63), nullable=False),
        sa.Column("description", sa.String(500), nullable=False),
        sa.Column("created_at", sa.BigInteger, nullable=False),
        sa.UniqueConstraint(
            "organization", "project_id", "service_account_id", name="uq_directory_service_accounts_id"
        ),
    )
    op.create_table(
        "directory_api_keys",
        sa.Column("key_id", sa.String(32), primary_key=True),
        sa.Column("organization", sa.String(63), nullable=False),
        sa.Column("project_id", sa.String(63), nullable=False),
        sa.Column("service_account_id", sa.String(63), nullable=False),
        sa.Column("digest", sa.String(64), nullable=False, unique=True),
        sa.Column("description", sa.String(500), nullable=False),
        sa.Column("created_at", sa.BigInteger, nullable=False),
        sa.Column("expire_at", sa.BigInteger, nullable=True),
        sa.Column("last_used_at", sa.BigInteger, nullable=True),
        sa.Column("revoked_at", sa.BigInteger, nullable=True),
    )
    op.create_index(
        "ix_directory_api_keys_owner", "directory_api_keys", ["organization", "project_id", "service_account_id"]
    )


def downgrade() -> None:
    for table in (
        "directory_api_keys",
        "directory_service_accounts",
        "directory_team_members",
        "directory_teams",
        "directory_projects",
        "directory_users",
    ):
        op.drop_table(table)
