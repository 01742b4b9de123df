"""Settings of the stepup service (PRISM_* variables; shared ones in prism.runtime.settings)."""

from typing import ClassVar

from prism.runtime.settings import ServiceSettings, component_database_field


class StepUpSettings(ServiceSettings):
    component: ClassVar[str] = "stepup"

    # PRISM_STEPUP_DATABASE_URL: this component's database, if not the shared one
    component_database_url: str | None = component_database_field("stepup")
