"""apps remember the user who registered them (the ID token's `apps` claim)

Revision ID: directory_0005
Revises: directory_0004
"""

import sqlalchemy as sa
from alembic import op

revision = "directory_0005"
down_revision = "directory_0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("directory_apps") as batch:
        batch.add_column(sa.Column("owner", sa.String(64), nullable=True))
    op.create_index("ix_directory_apps_owner", "directory_apps", ["organization", "owner"])


def downgrade() -> None:
    op.drop_index("ix_directory_apps_owner", table_name="directory_apps")
    with op.batch_alter_table("directory_apps") as batch:
        batch.drop_column("owner")
