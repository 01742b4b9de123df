"""Tables owned by the token service (its migrations create exactly these)."""

from sqlalchemy import BigInteger, Column, Index, Integer, MetaData, PrimaryKeyConstraint, String, Table

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

# browser sessions at the sign-in pages; the cookie carries the token, the row its SHA-256
sessions = Table(
    "token_sessions",
    metadata,
    Column("digest", String(64), primary_key=True),
    Column("session_id", String(64), nullable=False, unique=True),  # public id (`sid`)
    Column("organization", String(63), nullable=False),
    Column("user_id", String(64), nullable=False),
    Column("username", String(128), nullable=False),
    Column("auth_time", BigInteger, nullable=False),  # seconds since the epoch
    Column("expires_at", BigInteger, nullable=False),
    Column("ended_at", BigInteger, nullable=True),
    Column("amr", String(64), nullable=False, server_default="pwd"),  # how the user signed in: "pwd otp", ...
    Index("ix_token_sessions_expires_at", "expires_at"),
)

# pending authorization requests, between /authorize and the code (sign-in, consent)
authorization_requests = Table(
    "token_authorization_requests",
    metadata,
    Column("digest", String(64), primary_key=True),  # SHA-256 of the request id the pages carry
    Column("organization", String(63), nullable=False),
    Column("client_id", String(64), nullable=False),
    Column("redirect_uri", String(2048), nullable=False),
    Column("scopes", String(2000), nullable=False),
    Column("state", String(2048), nullable=False),
    Column("nonce", String(512), nullable=False),
    Column("code_challenge", String(128), nullable=False),
    Column("prompt", String(64), nullable=False),
    Column("max_age", BigInteger, nullable=True),
    Column("login_hint", String(256), nullable=False),
    Column("session_digest", String(64), nullable=True),  # the session that signed in for it
    Column("authenticated_at", BigInteger, nullable=True),  # when a sign-in happened for this request
    Column("created_at", BigInteger, nullable=False),
    Column("expires_at", BigInteger, nullable=False),
    Index("ix_token_authorization_requests_expires_at", "expires_at"),
)

# what a user allowed an app, so the consent page is skipped when nothing new is asked
consents = Table(
    "token_consents",
    metadata,
    Column("organization", String(63), nullable=False),
    Column("user_id", String(64), nullable=False),
    Column("client_id", String(64), nullable=False),
    Column("scopes", String(2000), nullable=False),
    Column("updated_at", BigInteger, nullable=False),
    PrimaryKeyConstraint("organization", "user_id", "client_id", name="pk_token_consents"),
)

# authorization codes: single use; what a redemption will issue is fixed at creation, so that a
# replayed code can revoke it even while the first redemption is still running
authorization_codes = Table(
    "token_authorization_codes",
    metadata,
    Column("digest", String(64), primary_key=True),
    Column("organization", String(63), nullable=False),
    Column("client_id", String(64), nullable=False),
    Column("redirect_uri", String(2048), nullable=False),
    Column("user_id", String(64), nullable=False),
    Column("session_id", String(64), nullable=False),
    Column("scopes", String(2000), nullable=False),
    Column("nonce", String(512), nullable=False),
    Column("code_challenge", String(128), nullable=False),
    Column("auth_time", BigInteger, nullable=False),
    Column("access_jti", String(64), nullable=False),
    Column("family_id", String(64), nullable=False),
    Column("created_at", BigInteger, nullable=False),
    Column("expires_at", BigInteger, nullable=False),
    Column("consumed_at", BigInteger, nullable=True),
    Index("ix_token_authorization_codes_expires_at", "expires_at"),
)

# a grant's chain of refresh tokens; revoking the family ends every token of it
refresh_families = Table(
    "token_refresh_families",
    metadata,
    Column("family_id", String(64), primary_key=True),
    Column("organization", String(63), nullable=False),
    Column("client_id", String(64), nullable=False),
    Column("user_id", String(64), nullable=False),
    Column("session_id", String(64), nullable=False),
    Column("scopes", String(2000), nullable=False),
    Column("auth_time", BigInteger, nullable=False),
    Column("created_at", BigInteger, nullable=False),
    Column("revoked_at", BigInteger, nullable=True),
    Column("revoked_reason", String(64), nullable=True),
)

# refresh tokens (SHA-256), each used once: rotation sets rotated_at and issues the next
refresh_tokens = Table(
    "token_refresh_tokens",
    metadata,
    Column("digest", String(64), primary_key=True),
    Column("family_id", String(64), nullable=False),
    Column("access_jti", String(64), nullable=False),  # the access token issued beside it
    Column("access_expires_at", BigInteger, nullable=False),
    Column("issued_at", BigInteger, nullable=False),
    Column("expires_at", BigInteger, nullable=False),
    Column("rotated_at", BigInteger, nullable=True),
    Index("ix_token_refresh_tokens_family", "family_id"),
    Index("ix_token_refresh_tokens_expires_at", "expires_at"),
)

audit_events = define_audit_table(metadata, "token")


# password sign-ins waiting for their second factor (MFA_FORCE_LOCAL); the ticket's SHA-256 is the key
mfa_tickets = Table(
    "token_mfa_tickets",
    metadata,
    Column("digest", String(64), primary_key=True),
    Column("organization", String(63), nullable=False),
    Column("user_id", String(64), nullable=False),
    Column("username", String(128), nullable=False),
    Column("request_digest", String(64), nullable=True),  # the authorization request it continues, if any
    Column("purpose", String(16), nullable=False),  # "browser" (a session) or "cli" (an access token)
    Column("attempts", Integer, nullable=False),
    Column("created_at", BigInteger, nullable=False),  # seconds since the epoch
    Column("expires_at", BigInteger, nullable=False),
    Index("ix_token_mfa_tickets_expires_at", "expires_at"),
)

# sign-ins in flight at an upstream SSO provider, keyed by the SHA-256 of their `state`
upstream_logins = Table(
    "token_upstream_logins",
    metadata,
    Column("state_digest", String(64), primary_key=True),
    Column("organization", String(63), nullable=False),
    Column("provider", String(63), nullable=False),
    Column("request_digest", String(64), nullable=True),  # the authorization request it continues, if any
    Column("binding_digest", String(64), nullable=False),  # SHA-256 of the browser's binding cookie
    Column("invitation_digest", String(64), nullable=True),  # SHA-256 of the invitation it accepts, if any
    Column("nonce", String(64), nullable=False),
    Column("code_verifier", String(128), nullable=False),
    Column("created_at", BigInteger, nullable=False),  # seconds since the epoch
    Column("expires_at", BigInteger, nullable=False),
    Index("ix_token_upstream_logins_expires_at", "expires_at"),
)

# SAML assertions consumed at the ACS, by SHA-256 of their ID, kept until they could no longer pass
# the time checks: an assertion signs a browser in once, whichever replica receives it again
saml_assertions = Table(
    "token_saml_assertions",
    metadata,
    Column("assertion_digest", String(64), primary_key=True),
    Column("organization", String(63), nullable=False),
    Column("provider", String(63), nullable=False),
    Column("expires_at", BigInteger, nullable=False),  # seconds since the epoch
    Index("ix_token_saml_assertions_expires_at", "expires_at"),
)
