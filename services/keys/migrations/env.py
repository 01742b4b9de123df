"""Alembic environment of the keys service (see prism.runtime.migrations)."""

from prism.runtime.migrations import run_env
from services.keys.tables import metadata

run_env(metadata)
