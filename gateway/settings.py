"""Settings of the gateway (PRISM_* variables; shared ones in prism.runtime.settings)."""

from pydantic import Field, SecretStr

from prism.runtime.settings import PlatformSettings


class GatewaySettings(PlatformSettings):
    # interface the HTTP edge binds
    host: str = Field("127.0.0.1", validation_alias="PRISM_GATEWAY_HOST")
    # port the HTTP edge binds (`prism serve --port` overrides it)
    port: int = Field(8080, ge=0, le=65535, validation_alias="PRISM_GATEWAY_PORT")
    # largest request body accepted, in bytes; larger ones get 413
    max_body_bytes: int = Field(1024 * 1024, ge=1024, validation_alias="PRISM_GATEWAY_MAX_BODY_BYTES")
    # deadline of one internal RPC, in seconds
    rpc_timeout_seconds: float = Field(10.0, gt=0, validation_alias="PRISM_GATEWAY_RPC_TIMEOUT_SECONDS")
    # how long /readyz waits for each component's health check, in seconds
    readiness_timeout_seconds: float = Field(1.0, gt=0, validation_alias="PRISM_GATEWAY_READINESS_TIMEOUT_SECONDS")
    # key that signs the browser's session and CSRF cookies; generated into the data dir if unset
    session_secret: SecretStr | None = Field(None, validation_alias="PRISM_SESSION_SECRET")
