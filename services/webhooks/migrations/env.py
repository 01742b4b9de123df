"""Alembic environment of the webhooks service (see prism.runtime.migrations)."""

from prism.runtime.migrations import run_env
from services.webhooks.tables import metadata

run_env(metadata)
