"""Tables owned by the token service (its migrations create exactly these)."""

from sqlalchemy import BigInteger, Column, Index, MetaData, PrimaryKeyConstraint, String, Table

from prism.runtime.audit import define_audit_table

metadata = MetaData()

# `jti`s already used with a single-use OpenID trust configuration, kept until the token expires
assertion_uses = Table(
    "token_assertion_uses",
    metadata,
    Column("configuration", String(300), nullable=False),  # organizations/{org}/projects/{p}/openidConfigurations/{c}
    Column("jti", String(512), nullable=False),
    Column("expires_at", BigInteger, nullable=False),  # seconds since the epoch
    PrimaryKeyConstraint("configuration", "jti", name="pk_token_assertion_uses"),
    Index("ix_token_assertion_uses_expires_at", "expires_at"),
)

audit_events = define_audit_table(metadata, "token")
