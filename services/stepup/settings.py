"""Settings of the stepup service (PRISM_* variables; shared ones in prism.runtime.settings)."""

from typing import ClassVar

from prism.runtime.settings import ServiceSettings, component_database_field


class StepUpSettings(ServiceSettings):
    component: ClassVar[str] = "stepup"

    # PRISM_STEPUP_DATABASE_URL: this component's database, if not the shared one
    component_database_url: str | None = component_database_field("stepup")
    # 32-byte base64url key sealing TOTP secrets at rest; generated into the data dir if unset
    # (production must set it, and keep it out of the database backups)
    stepup_encryption_key: str | None = None
    # name authenticator apps show above the account (followed by the organization slug)
    totp_issuer: str = "Prism"
