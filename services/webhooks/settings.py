"""Settings of the webhooks service (PRISM_* variables; shared ones in prism.runtime.settings)."""

from typing import ClassVar

from pydantic import Field, model_validator

from prism.runtime.settings import ServiceSettings, component_database_field


class WebhooksSettings(ServiceSettings):
    component: ClassVar[str] = "webhooks"

    # PRISM_WEBHOOKS_DATABASE_URL: this component's database, if not the shared one
    component_database_url: str | None = component_database_field("webhooks")
    # 32-byte base64url key sealing webhook signing secrets at rest; generated into the data dir if unset
    webhooks_encryption_key: str | None = None
    # hosts whose receivers may resolve to private or loopback addresses (on-premise receivers)
    webhooks_allowed_hosts: str = Field("", validation_alias="PRISM_WEBHOOKS_ALLOWED_HOSTS")
    # accept plain http:// receiver URLs (development and tests; refused in production)
    webhooks_allow_http: bool = Field(False, validation_alias="PRISM_WEBHOOKS_ALLOW_HTTP")
    # seconds between two reads of the components' audit events (new events also wake the worker)
    webhooks_poll_seconds: float = Field(1.0, gt=0, le=60, validation_alias="PRISM_WEBHOOKS_POLL_SECONDS")
    # audit events are re-read this far behind the newest one seen, for events committed late
    webhooks_intake_lag_seconds: float = Field(
        30.0, ge=0, le=3600, validation_alias="PRISM_WEBHOOKS_INTAKE_LAG_SECONDS"
    )
    # seconds one delivery attempt may take (connect, send, answer) before it counts as failed
    webhooks_timeout_seconds: float = Field(5.0, gt=0, le=60, validation_alias="PRISM_WEBHOOKS_TIMEOUT_SECONDS")
    # delay before the first retry; it doubles per failed attempt (with jitter), up to the maximum
    webhooks_retry_base_seconds: float = Field(10.0, gt=0, validation_alias="PRISM_WEBHOOKS_RETRY_BASE_SECONDS")
    # longest delay between two attempts, in seconds
    webhooks_retry_max_seconds: float = Field(3600.0, gt=0, validation_alias="PRISM_WEBHOOKS_RETRY_MAX_SECONDS")
    # attempts before a delivery is given up (state failed)
    webhooks_max_attempts: int = Field(8, ge=1, le=50, validation_alias="PRISM_WEBHOOKS_MAX_ATTEMPTS")
    # deliveries in flight at once in this process
    webhooks_concurrency: int = Field(32, ge=1, le=1000, validation_alias="PRISM_WEBHOOKS_CONCURRENCY")
    # deliveries in flight at once to one webhook, so a slow receiver cannot take every slot
    webhooks_per_webhook_concurrency: int = Field(
        4, ge=1, le=100, validation_alias="PRISM_WEBHOOKS_PER_WEBHOOK_CONCURRENCY"
    )

    @property
    def allowed_hosts(self) -> frozenset[str]:
        return frozenset(h.strip().lower() for h in self.webhooks_allowed_hosts.split(",") if h.strip())

    @model_validator(mode="after")
    def _no_http_in_production(self):
        if self.environment == "production" and self.webhooks_allow_http:
            raise ValueError("PRISM_WEBHOOKS_ALLOW_HTTP cannot be used when PRISM_ENVIRONMENT=production")
        return self
