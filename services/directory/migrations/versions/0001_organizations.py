"""organizations and the audit outbox

Revision ID: directory_0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

from prism.runtime.audit.migration import create_audit_table, drop_audit_table

revision = "directory_0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "directory_organizations",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("slug", sa.String(63), nullable=False, unique=True),
        sa.Column("display_name", sa.String(200), nullable=False),
        sa.Column("created_at", sa.BigInteger, nullable=False),
    )
    create_audit_table("directory")


def downgrade() -> None:
    drop_audit_table("directory")
    op.drop_table("directory_organizations")
