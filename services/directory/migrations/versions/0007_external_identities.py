"""external users remember their SSO identity: (provider, subject), unique per organization

Revision ID: directory_0007
Revises: directory_0006
"""

import sqlalchemy as sa
from alembic import op

revision = "directory_0007"
down_revision = "directory_0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("directory_users") as batch:
        batch.add_column(sa.Column("external_subject", sa.String(255), nullable=True))
        batch.create_unique_constraint("uq_directory_users_external", ["organization", "provider", "external_subject"])


def downgrade() -> None:
    with op.batch_alter_table("directory_users") as batch:
        batch.drop_constraint("uq_directory_users_external", type_="unique")
        batch.drop_column("external_subject")
