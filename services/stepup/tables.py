"""Tables owned by the stepup service (its migrations create exactly these)."""

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
)

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

# step-up challenges (spec 002): the challenge id's SHA-256 is the key; its code, once the user
# confirmed, is kept as a SHA-256 too; each is consumed once (`UPDATE … WHERE … IS NULL`)
challenges = Table(
    "stepup_challenges",
    metadata,
    Column("digest", String(64), primary_key=True),
    Column("organization", String(63), nullable=False),
    Column("client_id", String(64), nullable=False),
    Column("redirect_uri", String(2048), nullable=False),
    Column("action", String(200), nullable=False),
    Column("nonce", String(256), nullable=False),
    Column("code_challenge", String(128), nullable=True),
    Column("require_captcha", Boolean, nullable=False),
    Column("created_at", BigInteger, nullable=False),  # seconds since the epoch
    Column("expires_at", BigInteger, nullable=False),
    Column("consumed_at", BigInteger, nullable=True),  # confirmed, denied or failed: once
    Column("user_id", String(64), nullable=True),
    Column("method", String(16), nullable=True),
    Column("verified_at", BigInteger, nullable=True),
    Column("code_digest", String(64), nullable=True, unique=True),
    Column("code_expires_at", BigInteger, nullable=True),
    Column("code_redeemed_at", BigInteger, nullable=True),
    Index("ix_stepup_challenges_expires_at", "expires_at"),
)

# rate limits shared by every replica: one row per key and window, counted with atomic UPDATEs
rate_counters = Table(
    "stepup_rate_counters",
    metadata,
    Column("key", String(200), primary_key=True),
    Column("window_started_at", BigInteger, nullable=False),  # seconds since the epoch
    Column("count", Integer, nullable=False),
)

# sudo windows (spec 002): a confirmed factor spares the factor, not the acknowledgement, for
# (user, browser session, app) until `expires_at`; logout ends the session, and so the window
sudo_grants = Table(
    "stepup_sudo_grants",
    metadata,
    Column("organization", String(63), nullable=False),
    Column("user_id", String(64), nullable=False),
    Column("session_id", String(64), nullable=False),
    Column("client_id", String(64), nullable=False),
    Column("created_at", BigInteger, nullable=False),
    Column("expires_at", BigInteger, nullable=False),
    PrimaryKeyConstraint("organization", "user_id", "session_id", "client_id", name="pk_stepup_sudo_grants"),
)
