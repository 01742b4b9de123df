"""organizations' SAML SSO providers: the IdP settings of a `type: saml` provider

Revision ID: directory_0010
Revises: directory_0009
"""

import sqlalchemy as sa
from alembic import op

revision = "directory_0010"
down_revision = "directory_0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("directory_sso_providers") as batch:
        batch.add_column(sa.Column("saml", sa.JSON, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("directory_sso_providers") as batch:
        batch.drop_column("saml")
