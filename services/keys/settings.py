"""Settings of the keys service (PRISM_* variables; shared ones in prism.runtime.settings)."""

from typing import ClassVar

from prism.runtime.settings import ServiceSettings, component_database_field


class KeysSettings(ServiceSettings):
    component: ClassVar[str] = "keys"

    # PRISM_KEYS_DATABASE_URL: this component's database, if not the shared one
    component_database_url: str | None = component_database_field("keys")
