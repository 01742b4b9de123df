"""Settings of the token service (PRISM_* variables; shared ones in prism.runtime.settings)."""

from typing import ClassVar

from pydantic import Field, SecretStr

from prism.runtime.settings import ServiceSettings, component_database_field


class TokenSettings(ServiceSettings):
    component: ClassVar[str] = "token"

    # PRISM_TOKEN_DATABASE_URL: this component's database, if not the shared one
    component_database_url: str | None = component_database_field("token")
    # secret presented to the keys service to receive private signing keys; generated if unset
    signing_key_access_secret: SecretStr | None = Field(None, validation_alias="PRISM_SIGNING_KEY_ACCESS_SECRET")
    # lifetime of the tokens the CLI's logins (password, API key) receive, in seconds
    login_token_lifetime_seconds: int = Field(3600, gt=0, validation_alias="PRISM_LOGIN_TOKEN_LIFETIME_SECONDS")
    # default lifetime of access tokens issued at the token endpoint, in seconds (an app may set its own)
    access_token_lifetime_seconds: int = Field(3600, gt=0, validation_alias="PRISM_ACCESS_TOKEN_LIFETIME_SECONDS")
    # how long a browser session at the sign-in pages lasts, in seconds
    session_lifetime_seconds: int = Field(86400, gt=0, validation_alias="PRISM_SESSION_LIFETIME_SECONDS")
    # how long an authorization code may wait for its redemption, in seconds
    authorization_code_lifetime_seconds: int = Field(
        60, gt=0, le=600, validation_alias="PRISM_AUTHORIZATION_CODE_LIFETIME_SECONDS"
    )
    # default lifetime of refresh tokens, in seconds (an app may set its own); each rotation renews it
    refresh_token_lifetime_seconds: int = Field(
        30 * 86400, gt=0, validation_alias="PRISM_REFRESH_TOKEN_LIFETIME_SECONDS"
    )
    # a rotated refresh token presented again this soon is taken as a lost response, not as theft
    refresh_token_reuse_grace_seconds: int = Field(
        10, ge=0, le=300, validation_alias="PRISM_REFRESH_TOKEN_REUSE_GRACE_SECONDS"
    )
    # lifetime of the tokens of anonymous sessions (POST /api/v1/auth/anonymous), in seconds
    anonymous_token_lifetime_seconds: int = Field(
        900, gt=0, le=86400, validation_alias="PRISM_ANONYMOUS_TOKEN_LIFETIME_SECONDS"
    )
    # spec 001: the platform's upstream SSO providers (YAML); unset: none
    auth_providers_config: str | None = Field(None, validation_alias="AUTH_PROVIDERS_CONFIG")
    # lifetime of ID tokens, in seconds
    id_token_lifetime_seconds: int = Field(3600, gt=0, validation_alias="PRISM_ID_TOKEN_LIFETIME_SECONDS")
    # hosts whose key sets may be fetched although they resolve to private addresses (on-premise issuers)
    federation_allowed_hosts: str = Field("", validation_alias="PRISM_FEDERATION_ALLOWED_HOSTS")
    # extra CA certificates (PEM file) trusted when fetching key sets, e.g. an on-premise CA
    federation_ca_file: str | None = Field(None, validation_alias="PRISM_FEDERATION_CA_FILE")
    # how long a trusted issuer's key set is kept serving after it stopped answering, in seconds
    federation_stale_seconds: int = Field(86400, ge=0, validation_alias="PRISM_FEDERATION_STALE_SECONDS")

    @property
    def allowed_hosts(self) -> frozenset[str]:
        return frozenset(h.strip().lower() for h in self.federation_allowed_hosts.split(",") if h.strip())
