"""How one service proves to another that it is a service of this suite.

Every service shares `PRISM_INTERNAL_SECRET` (generated into the data directory by the embedded
default, required in production). A call that presents it, with its component name, runs as the
`system` caller and skips authz: it is how the token service checks passwords in the directory,
or authz reads a subject's grants. Everything else must present a user's or service account's token.
"""

from __future__ import annotations

from pathlib import Path

from prism.runtime import secrets
from prism.runtime.caller import Caller

INTERNAL_SECRET_KEY = "x-prism-internal"
COMPONENT_KEY = "x-prism-component"
INTERNAL_SECRET_FILE = "internal-secret"


def internal_secret(configured: str | None, data_dir: Path, environment: str) -> str:
    if configured:
        return configured
    if environment == "production":
        from prism.runtime.settings import SettingsError

        raise SettingsError("PRISM_INTERNAL_SECRET must be set when PRISM_ENVIRONMENT=production")
    return secrets.load_or_create(data_dir, INTERNAL_SECRET_FILE)


def internal_metadata(component: str, secret: str) -> tuple[tuple[str, str], ...]:
    return ((INTERNAL_SECRET_KEY, secret), (COMPONENT_KEY, component))


def system_caller(metadata: dict[str, str], secret: str) -> Caller | None:
    """The system caller if the metadata carries the internal secret; None if it carries none."""
    presented = metadata.get(INTERNAL_SECRET_KEY)
    if presented is None:
        return None
    if not secrets.compare(presented, secret):
        from prism.runtime.errors import Unauthenticated

        raise Unauthenticated("the internal service credential is wrong", reason="BAD_INTERNAL_CREDENTIAL")
    return Caller(subject=metadata.get(COMPONENT_KEY, "system"), organization=None, kind="system")
