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

# TOTP factors of users (secrets sealed with AES-GCM); passkeys and backup codes have their own tables
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

# passkeys (WebAuthn credentials) of users: the credential id (base64url) and its COSE public key;
# `sign_count` only grows (a clone of the authenticator shows up as a count that did not)
passkeys = Table(
    "stepup_passkeys",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("organization", String(63), nullable=False),
    Column("user_id", String(64), nullable=False),
    Column("credential_id", String(1400), nullable=False),
    Column("public_key", LargeBinary, nullable=False),
    Column("sign_count", BigInteger, nullable=False),
    Column("transports", String(200), nullable=False),  # comma-separated
    Column("name", String(64), nullable=False),
    Column("created_at", BigInteger, nullable=False),  # seconds since the epoch
    Column("last_used_at", BigInteger, nullable=True),
    Index("ix_stepup_passkeys_user", "organization", "user_id"),
    Index("ux_stepup_passkeys_credential", "organization", "credential_id", unique=True),
)

# WebAuthn challenges handed out (registration, or a step-up's assertion): the SHA-256 of the
# challenge is the key; each is used once (`UPDATE … WHERE used_at IS NULL`) before it expires
passkey_ceremonies = Table(
    "stepup_passkey_ceremonies",
    metadata,
    Column("digest", String(64), primary_key=True),
    Column("organization", String(63), nullable=False),
    Column("user_id", String(64), nullable=False),
    Column("purpose", String(16), nullable=False),  # "register" or "stepup"
    Column("challenge_digest", String(64), nullable=True),  # the step-up challenge it is bound to
    Column("created_at", BigInteger, nullable=False),
    Column("expires_at", BigInteger, nullable=False),
    Column("used_at", BigInteger, nullable=True),
    Index("ix_stepup_passkey_ceremonies_expires_at", "expires_at"),
)

# re-authentication for factor changes ("sudo" for the account security page): a proof given on
# (user, browser session) lets that session change the user's second factors until `expires_at`
reauth_marks = Table(
    "stepup_reauth_marks",
    metadata,
    Column("organization", String(63), nullable=False),
    Column("user_id", String(64), nullable=False),
    Column("session_id", String(64), nullable=False),
    Column("method", String(16), nullable=False),  # "password", "totp", "backup" or "passkey"
    Column("created_at", BigInteger, nullable=False),
    Column("expires_at", BigInteger, nullable=False),
    PrimaryKeyConstraint("organization", "user_id", "session_id", name="pk_stepup_reauth_marks"),
    Index("ix_stepup_reauth_marks_expires_at", "expires_at"),
)
