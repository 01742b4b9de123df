"""Alembic environment of the token service (see prism.runtime.migrations)."""

from prism.runtime.migrations import run_env
from services.token.tables import metadata

run_env(metadata)
