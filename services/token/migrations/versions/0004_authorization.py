"""browser sessions, authorization requests and codes, consents, refresh-token families

Revision ID: token_0004
Revises: token_0003
"""

import sqlalchemy as sa
from alembic import op

revision = "token_0004"
down_revision = "token_0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "token_sessions",
        sa.Column("digest", sa.String(64), primary_key=True),
        sa.Column("session_id", sa.String(64), nullable=False, unique=True),
        sa.Column("organization", sa.String(63), nullable=False),
        sa.Column("user_id", sa.String(64), nullable=False),
        sa.Column("username", sa.String(128), nullable=False),
        sa.Column("auth_time", sa.BigInteger, nullable=False),
        sa.Column("expires_at", sa.BigInteger, nullable=False),
        sa.Column("ended_at", sa.BigInteger, nullable=True),
    )
    op.create_index("ix_token_sessions_expires_at", "token_sessions", ["expires_at"])
    op.create_table(
        "token_authorization_requests",
        sa.Column("digest", sa.String(64), primary_key=True),
        sa.Column("organization", sa.String(63), nullable=False),
        sa.Column("client_id", sa.String(64), nullable=False),
        sa.Column("redirect_uri", sa.String(2048), nullable=False),
        sa.Column("scopes", sa.String(2000), nullable=False),
        sa.Column("state", sa.String(2048), nullable=False),
        sa.Column("nonce", sa.String(512), nullable=False),
        sa.Column("code_challenge", sa.String(128), nullable=False),
        sa.Column("prompt", sa.String(64), nullable=False),
        sa.Column("max_age", sa.BigInteger, nullable=True),
        sa.Column("login_hint", sa.String(256), nullable=False),
        sa.Column("session_digest", sa.String(64), nullable=True),
        sa.Column("authenticated_at", sa.BigInteger, nullable=True),
        sa.Column("created_at", sa.BigInteger, nullable=False),
        sa.Column("expires_at", sa.BigInteger, nullable=False),
    )
    op.create_index("ix_token_authorization_requests_expires_at", "token_authorization_requests", ["expires_at"])
    op.create_table(
        "token_consents",
        sa.Column("organization", sa.String(63), nullable=False),
        sa.Column("user_id", sa.String(64), nullable=False),
        sa.Column("client_id", sa.String(64), nullable=False),
        sa.Column("scopes", sa.String(2000), nullable=False),
        sa.Column("updated_at", sa.BigInteger, nullable=False),
        sa.PrimaryKeyConstraint("organization", "user_id", "client_id", name="pk_token_consents"),
    )
    op.create_table(
        "token_authorization_codes",
        sa.Column("digest", sa.String(64), primary_key=True),
        sa.Column("organization", sa.String(63), nullable=False),
        sa.Column("client_id", sa.String(64), nullable=False),
        sa.Column("redirect_uri", sa.String(2048), nullable=False),
        sa.Column("user_id", sa.String(64), nullable=False),
        sa.Column("session_id", sa.String(64), nullable=False),
        sa.Column("scopes", sa.String(2000), nullable=False),
        sa.Column("nonce", sa.String(512), nullable=False),
        sa.Column("code_challenge", sa.String(128), nullable=False),
        sa.Column("auth_time", sa.BigInteger, nullable=False),
        sa.Column("access_jti", sa.String(64), nullable=False),
        sa.Column("family_id", sa.String(64), nullable=False),
        sa.Column("created_at", sa.BigInteger, nullable=False),
        sa.Column("expires_at", sa.BigInteger, nullable=False),
        sa.Column("consumed_at", sa.BigInteger, nullable=True),
    )
    op.create_index("ix_token_authorization_codes_expires_at", "token_authorization_codes", ["expires_at"])
    op.create_table(
        "token_refresh_families",
        sa.Column("family_id", sa.String(64), primary_key=True),
        sa.Column("organization", sa.String(63), nullable=False),
        sa.Column("client_id", sa.String(64), nullable=False),
        sa.Column("user_id", sa.String(64), nullable=False),
        sa.Column("session_id", sa.String(64), nullable=False),
        sa.Column("scopes", sa.String(2000), nullable=False),
        sa.Column("auth_time", sa.BigInteger, nullable=False),
        sa.Column("created_at", sa.BigInteger, nullable=False),
        sa.Column("revoked_at", sa.BigInteger, nullable=True),
        sa.Column("revoked_reason", sa.String(64), nullable=True),
    )
    op.create_table(
        "token_refresh_tokens",
        sa.Column("digest", sa.String(64), primary_key=True),
        sa.Column("family_id", sa.String(64), nullable=False),
        sa.Column("access_jti", sa.String(64), nullable=False),
        sa.Column("access_expires_at", sa.BigInteger, nullable=False),
        sa.Column("issued_at", sa.BigInteger, nullable=False),
        sa.Column("expires_at", sa.BigInteger, nullable=False),
        sa.Column("rotated_at", sa.BigInteger, nullable=True),
    )
    op.create_index("ix_token_refresh_tokens_family", "token_refresh_tokens", ["family_id"])
    op.create_index("ix_token_refresh_tokens_expires_at", "token_refresh_tokens", ["expires_at"])


def downgrade() -> None:
    for table in (
        "token_refresh_tokens",
        "token_refresh_families",
        "token_authorization_codes",
        "token_consents",
        "token_authorization_requests",
        "token_sessions",
    ):
        op.drop_table(table)
