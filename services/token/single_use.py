"""Recording a one-time credential's use: an INSERT on a unique key, so the same assertion presented
again (to this replica or another) is refused. Used for federation assertions' `jti`s (assume.py)
and SAML assertions' IDs (upstream/saml_replay.py)."""

from __future__ import annotations

from sqlalchemy import ColumnElement, Table, delete
from sqlalchemy.exc import IntegrityError

from prism.runtime.service_app import Transactions


async def record_once(transactions: Transactions, table: Table, values: dict, *, expired: ColumnElement) -> bool:
    """Deletes `table`'s rows matching `expired`, then records `values`; False if its key was already there."""
    try:
        async with transactions.begin() as uow:
            await uow.session.execute(delete(table).where(expired))
            async with uow.session.begin_nested():
                await uow.session.execute(table.insert().values(**values))
    except IntegrityError:
        return False
    return True
