"""Alembic environment of the directory service (see prism.runtime.migrations)."""

from prism.runtime.migrations import run_env
from services.directory.tables import metadata

run_env(metadata)
