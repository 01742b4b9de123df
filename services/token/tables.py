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

# revoked access tokens, by jti, kept until they would have expired anyway
revocations = Table(
    "token_revocations",
    metadata,
    Column("jti", String(128), primary_key=True),
    Column("organization", String(63), nullable=False),
    Column("expires_at", BigInteger, nullable=False),  # seconds since the epoch
    Column("revoked_at", BigInteger, nullable=False),
    Index("ix_token_revocations_expires_at", "expires_at"),
)

audit_events = define_audit_table(metadata, "token")
