"""Alembic environment of the stepup service (see prism.runtime.migrations)."""

from prism.runtime.migrations import run_env
from services.stepup.tables import metadata

run_env(metadata)
