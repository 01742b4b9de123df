"""Audit events live and die with the transaction that recorded them."""

from __future__ import annotations

import logging

import pytest

from prism.runtime import migrations
from prism.runtime.audit import AuditEvent, AuditOutbox
from prism.runtime.database import Database
from prism.runtime.errors import InvalidArgument
from prism.runtime.service_app import Transactions
from services.token import tables
from tests.support.databases import database_url


@pytest.fixture
async def transactions(backend, tmp_path):
    with database_url(backend, tmp_path) as url:
        url = url or f"sqlite:///{tmp_path / 'token.sqlite3'}"
        migrations.upgrade("token", url)
        database = Database(url)
        yield Transactions(database, AuditOutbox(tables.audit_events, "token"))
        await database.close()


def _event(n: int) -> AuditEvent:
    return AuditEvent(
        action="token.test.done", target=f"things/{n}", actor="tester", organization="org-a", details={"n": n}
    )


async def test_rolled_back_change_leaves_no_event(transactions):
    with pytest.raises(InvalidArgument):
        async with transactions.begin() as uow:
            await uow.audit(_event(1))
            raise InvalidArgument("the change failed")
    async with transactions.begin() as uow:
        assert await transactions.outbox.list(uow.session, organization=None, before=None, limit=10) == []


async def test_committed_events_are_emitted_once_as_log_lines(transactions, caplog):
    async with transactions.begin() as uow:
        await uow.audit(_event(1))
        await uow.audit(_event(2))
    with caplog.at_level(logging.INFO, logger="prism.audit"):
        assert await transactions.relay.drain() == 2
        assert await transactions.relay.drain() == 0
    emitted = [r.audit for r in caplog.records if r.name == "prism.audit"]
    assert sorted(e["target"] for e in emitted) == ["things/1", "things/2"]
    assert all(e["organization"] == "org-a" and e["component"] == "token" for e in emitted)


async def test_listing_is_scoped_to_the_organization(transactions):
    async with transactions.begin() as uow:
        await uow.audit(_event(1))
        await uow.audit(AuditEvent(action="token.test.done", target="things/9", actor="x", organization="org-b"))
    async with transactions.begin() as uow:
        only_a = await transactions.outbox.list(uow.session, organization="org-a", before=None, limit=10)
        everything = await transactions.outbox.list(uow.session, organization=None, before=None, limit=10)
    assert [e.event.target for e in only_a] == ["things/1"]
    assert len(everything) == 2
