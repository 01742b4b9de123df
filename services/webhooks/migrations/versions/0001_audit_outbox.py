"""the audit outbox

Revision ID: webhooks_0001
Revises:
"""

from prism.runtime.audit.migration import create_audit_table, drop_audit_table

revision = "webhooks_0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_audit_table("webhooks")


def downgrade() -> None:
    drop_audit_table("webhooks")
