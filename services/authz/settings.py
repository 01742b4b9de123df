"""Settings of the authz service (PRISM_* variables; shared ones in prism.runtime.settings)."""

from typing import ClassVar

from prism.runtime.settings import ServiceSettings


class AuthzSettings(ServiceSettings):
    component: ClassVar[str] = "authz"
