"""Tables owned by the directory service (its migrations create exactly these).

Every tenant-owned table carries `organization` (the immutable slug), and every query of it goes
through `services.directory.tenancy.in_organization`.
"""

from sqlalchemy import (
    JSON,
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
    Text,
    UniqueConstraint,
)

from prism.runtime.audit import define_audit_table

metadata = MetaData()

organizations = Table(
    "directory_organizations",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("slug", String(63), nullable=False, unique=True),
    Column("display_name", String(200), nullable=False),
    Column("created_at", BigInteger, nullable=False),  # microseconds since the epoch
)

users = Table(
    "directory_users",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("organization", String(63), nullable=False),
    Column("username", String(128), nullable=False),
    Column("email", String(320), nullable=False),
    Column("display_name", String(200), nullable=False),
    Column("role", String(16), nullable=False),
    Column("kind", String(16), nullable=False),  # local (password) or external (SSO)
    Column("password_hash", String(256), nullable=True),
    Column("created_at", BigInteger, nullable=False),
    Column("provider", String(63), nullable=True),  # external users: slug of their SSO provider
    Column("email_verified", Boolean, nullable=False, server_default="0"),
    Column("disabled", Boolean, nullable=False, server_default="0"),
    Column("external_subject", String(255), nullable=True),  # external users: the provider's id of them
    UniqueConstraint("organization", "username", name="uq_directory_users_username"),
    UniqueConstraint("organization", "provider", "external_subject", name="uq_directory_users_external"),
)

# brute-force protection: failed sign-ins per account (`user:{org}:{name}`) and per client address
# (`address:{ip}`), counted atomically in the database so that every replica sees the same count
sign_in_throttles = Table(
    "directory_sign_in_throttles",
    metadata,
    Column("key", String(400), primary_key=True),
    Column("failures", Integer, nullable=False),
    Column("window_started_at", BigInteger, nullable=False),  # microseconds since the epoch
    Column("locked_until", BigInteger, nullable=True),  # microseconds since the epoch
    Index("ix_directory_sign_in_throttles_window", "window_started_at"),
)

# email verification links: the row keeps the token's SHA-256, the link carries the token
email_verifications = Table(
    "directory_email_verifications",
    metadata,
    Column("digest", String(64), primary_key=True),
    Column("organization", String(63), nullable=False),
    Column("user_id", String(36), nullable=False),
    Column("email", String(320), nullable=False),
    Column("created_at", BigInteger, nullable=False),
    Column("expires_at", BigInteger, nullable=False),
)

# invitations into an organization (and a team); the link carries a token, the row its SHA-256
invitations = Table(
    "directory_invitations",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("organization", String(63), nullable=False),
    Column("email", String(320), nullable=False),
    Column("team", String(63), nullable=True),
    Column("team_role", String(16), nullable=False),
    Column("role", String(16), nullable=False),
    Column("digest", String(64), nullable=False, unique=True),
    Column("inviter", String(64), nullable=False),
    Column("created_at", BigInteger, nullable=False),
    Column("expires_at", BigInteger, nullable=False),
    Column("revoked_at", BigInteger, nullable=True),
    Column("accepted_at", BigInteger, nullable=True),
    Column("accepted_by", String(64), nullable=True),
    Index("ix_directory_invitations_organization", "organization", "created_at"),
)

# site-wide settings, one row per setting (value as JSON); absent rows take their defaults
site_settings = Table(
    "directory_site_settings",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", JSON, nullable=False),
    Column("updated_at", BigInteger, nullable=False),
)

projects = Table(
    "directory_projects",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("organization", String(63), nullable=False),
    Column("project_id", String(63), nullable=False),
    Column("created_at", BigInteger, nullable=False),
    UniqueConstraint("organization", "project_id", name="uq_directory_projects_id"),
)

teams = Table(
    "directory_teams",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("organization", String(63), nullable=False),
    Column("team_id", String(63), nullable=False),
    Column("display_name", String(200), nullable=False),
    Column("created_at", BigInteger, nullable=False),
    UniqueConstraint("organization", "team_id", name="uq_directory_teams_id"),
)

team_members = Table(
    "directory_team_members",
    metadata,
    Column("organization", String(63), nullable=False),
    Column("team_id", String(63), nullable=False),
    Column("user_id", String(36), nullable=False),
    Column("role", String(16), nullable=False),  # owner or member
    Column("created_at", BigInteger, nullable=False),
    PrimaryKeyConstraint("organization", "team_id", "user_id", name="pk_directory_team_members"),
    Index("ix_directory_team_members_user", "organization", "user_id"),
)

service_accounts = Table(
    "directory_service_accounts",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("organization", String(63), nullable=False),
    Column("project_id", String(63), nullable=False),
    Column("service_account_id", String(63), nullable=False),
    Column("description", String(500), nullable=False),
    Column("created_at", BigInteger, nullable=False),
    UniqueConstraint("organization", "project_id", "service_account_id", name="uq_directory_service_accounts_id"),
)

api_keys = Table(
    "directory_api_keys",
    metadata,
    Column("key_id", String(32), primary_key=True),
    Column("organization", String(63), nullable=False),
    Column("project_id", String(63), nullable=False),
    Column("service_account_id", String(63), nullable=False),
    Column("digest", String(64), nullable=False, unique=True),  # SHA-256 of the secret, hex
    Column("description", String(500), nullable=False),
    Column("created_at", BigInteger, nullable=False),
    Column("expire_at", BigInteger, nullable=True),
    Column("last_used_at", BigInteger, nullable=True),
    Column("revoked_at", BigInteger, nullable=True),
    Index("ix_directory_api_keys_owner", "organization", "project_id", "service_account_id"),
)

openid_configurations = Table(
    "directory_openid_configurations",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("organization", String(63), nullable=False),
    Column("project_id", String(63), nullable=False),
    Column("configuration_id", String(63), nullable=False),
    Column("issuer", String(2048), nullable=False),
    Column("jwks_url", String(2048), nullable=False),
    Column("audience", String(2048), nullable=False),
    Column("single_use_jti", Boolean, nullable=False),
    Column("max_assertion_age_seconds", Integer, nullable=False),
    Column("created_at", BigInteger, nullable=False),
    UniqueConstraint("organization", "project_id", "configuration_id", name="uq_directory_openid_configurations_id"),
)

assumption_methods = Table(
    "directory_assumption_methods",
    metadata,
    Column("id", String(32), primary_key=True),  # the method id
    Column("organization", String(63), nullable=False),
    Column("project_id", String(63), nullable=False),
    Column("service_account_id", String(63), nullable=False),
    Column("configuration_id", String(63), nullable=False),
    Column("rules", JSON, nullable=False),  # [{"claim", "match": "exact"|"glob", "value"}]
    Column("created_at", BigInteger, nullable=False),
    Index("ix_directory_assumption_methods_owner", "organization", "project_id", "service_account_id"),
)

apps = Table(
    "directory_apps",
    metadata,
    Column("client_id", String(64), primary_key=True),
    Column("organization", String(63), nullable=False),
    Column("display_name", String(200), nullable=False),
    Column("description", String(2000), nullable=False),
    Column("client_type", String(16), nullable=False),  # confidential or public
    Column("secret_digest", String(64), nullable=True),  # SHA-256 of the client secret, hex
    Column("settings", JSON, nullable=False),  # redirect URIs, scopes, oidc_fields, grant types, lifetimes
    Column("created_at", BigInteger, nullable=False),
    Column("updated_at", BigInteger, nullable=False),
    Column("owner", String(64), nullable=True),  # user id of who registered it
    Index("ix_directory_apps_organization", "organization", "created_at"),
    Index("ix_directory_apps_owner", "organization", "owner"),
)

audit_events = define_audit_table(metadata, "directory")

# organizations' own upstream identity providers (organization SSO); client secrets sealed at rest
sso_providers = Table(
    "directory_sso_providers",
    metadata,
    Column("organization", String(63), nullable=False),
    Column("slug", String(63), nullable=False),
    Column("type", String(16), nullable=False),
    Column("label", String(200), nullable=False),
    Column("icon", String(2048), nullable=False),
    Column("email_patterns", JSON, nullable=False),  # ["*@acme.com", ...]
    Column("client_id", String(400), nullable=False),
    Column("client_secret", LargeBinary, nullable=True),  # sealed with PRISM_DIRECTORY_ENCRYPTION_KEY
    Column("key_id", String(16), nullable=True),
    Column("authorization_endpoint", String(2048), nullable=False),
    Column("token_endpoint", String(2048), nullable=False),
    Column("jwks_uri", String(2048), nullable=False),
    Column("scopes", String(400), nullable=False),
    Column("issuer", String(2048), nullable=False),
    Column("attributes_mapping", JSON, nullable=False),
    Column("created_at", BigInteger, nullable=False),
    # type saml: {entry_point, idp_certificates (PEM), idp_entity_id, sp_entity_id, audience}; null for oidc
    Column("saml", JSON, nullable=True),
    PrimaryKeyConstraint("organization", "slug", name="pk_directory_sso_providers"),
)

# users' custom domains; `verified_domain` is set (to `domain`) once the TXT record was found, so
# that the unique constraint keeps one verified owner per domain per organization
domains = Table(
    "directory_domains",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("organization", String(63), nullable=False),
    Column("user_id", String(36), nullable=False),
    Column("domain", String(253), nullable=False),  # lower-cased, IDNA ASCII form
    Column("token", String(64), nullable=False),  # the TXT record holds prism-verification=<token>
    Column("verified_domain", String(253), nullable=True),
    Column("created_at", BigInteger, nullable=False),
    Column("verified_at", BigInteger, nullable=True),
    UniqueConstraint("organization", "user_id", "domain", name="uq_directory_domains_user"),
    UniqueConstraint("organization", "verified_domain", name="uq_directory_domains_verified"),
)

# users' GPG public keys (one owner per fingerprint per organization)
gpg_keys = Table(
    "directory_gpg_keys",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("organization", String(63), nullable=False),
    Column("user_id", String(36), nullable=False),
    Column("key_id", String(16), nullable=False),  # long key id, upper-case hex
    Column("fingerprint", String(64), nullable=False),
    Column("algorithm", String(32), nullable=False),
    Column("user_ids", JSON, nullable=False),  # [{"name", "email"}]
    Column("armored_key", Text, nullable=False),
    Column("key_created_at", BigInteger, nullable=False),
    Column("expires_at", BigInteger, nullable=True),
    Column("created_at", BigInteger, nullable=False),
    UniqueConstraint("organization", "fingerprint", name="uq_directory_gpg_keys_fingerprint"),
    Index("ix_directory_gpg_keys_user", "organization", "user_id", "key_id"),
)
