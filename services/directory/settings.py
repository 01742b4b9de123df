"""Settings of the directory service (PRISM_* variables; shared ones in prism.runtime.settings)."""

from typing import ClassVar, Literal

from pydantic import Field

from prism.runtime.settings import ServiceSettings, component_database_field


class DirectorySettings(ServiceSettings):
    component: ClassVar[str] = "directory"

    # PRISM_DIRECTORY_DATABASE_URL: this component's database, if not the shared one
    component_database_url: str | None = component_database_field("directory")
    # who may create organizations: "open" (anyone, the embedded default) or "admin" (platform admins)
    org_signup: Literal["open", "admin"] = Field("open", validation_alias="PRISM_ORG_SIGNUP")
    # slug of the platform organization, whose admins are platform admins; unset means none
    platform_organization: str | None = Field(None, validation_alias="PRISM_PLATFORM_ORGANIZATION")
