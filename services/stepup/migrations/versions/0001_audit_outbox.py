"""the audit outbox

Revision ID: stepup_0001
Revises:
"""

from prism.runtime.audit.migration import create_audit_table, drop_audit_table

revision = "stepup_0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_audit_table("stepup")


def downgrade() -> None:
    drop_audit_table("stepup")
