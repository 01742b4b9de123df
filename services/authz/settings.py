"""Settings of the authz service (PRISM_* variables; shared ones in prism.runtime.settings)."""

from typing import ClassVar

from pydantic import Field

from prism.runtime.settings import ServiceSettings


class AuthzSettings(ServiceSettings):
    component: ClassVar[str] = "authz"

    # seconds a subject's role and teams are reused before the directory is asked again
    grants_cache_seconds: float = Field(2.0, ge=0, validation_alias="PRISM_AUTHZ_GRANTS_CACHE_SECONDS")
    # clock skew allowed when checking a token's exp, nbf and iat, in seconds
    token_leeway_seconds: int = Field(30, ge=0, le=300, validation_alias="PRISM_AUTHZ_TOKEN_LEEWAY_SECONDS")
