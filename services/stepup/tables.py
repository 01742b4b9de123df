"""Tables owned by the stepup service (its migrations create exactly these)."""

from sqlalchemy import BigInteger, Column, Index, LargeBinary, MetaData, String, Table

from prism.runtime.audit import define_audit_table

metadata = MetaData()

audit_events = define_audit_table(metadata, "stepup")

# second factors of users: TOTP secrets (sealed with AES-GCM), later passkeys and backup codes
factors = Table(
    "stepup_factors",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("organization", String(63), nullable=False),
    Column("user_id", String(64), nullable=False),
    Column("kind", String(16), nullable=False),  # "totp"
    Column("secret", LargeBinary, nullable=True),  # sealed TOTP secret
    Column("kek_id", String(16), nullable=True),  # which encryption key sealed it
    Column("confirmed_at", BigInteger, nullable=True),  # unset while an enrolment is pending
    Column("last_used_step", BigInteger, nullable=True),  # TOTP time step of the last accepted code
    Column("created_at", BigInteger, nullable=False),  # seconds since the epoch
    Index("ix_stepup_factors_user", "organization", "user_id"),
)

# single-use backup codes: the SHA-256 of (user, code); `used_at` set once, atomically
backup_codes = Table(
    "stepup_backup_codes",
    metadata,
    Column("digest", String(64), primary_key=True),
    Column("organization", String(63), nullable=False),
    Column("user_id", String(64), nullable=False),
    Column("created_at", BigInteger, nullable=False),  # seconds since the epoch
    Column("used_at", BigInteger, nullable=True),
    Index("ix_stepup_backup_codes_user", "organization", "user_id"),
)
