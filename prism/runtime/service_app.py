"""The common shape of a data-owning service.

`Transactions` is what use cases receive: `async with transactions.begin() as uow` opens one
transaction; `uow.audit(event)` records an audit event in it; the relay is woken after commit.
`DataServiceApp` adds the database lifecycle, the relay task and AuditService around the
component's own servicers.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass

import grpc
from sqlalchemy.ext.asyncio import AsyncSession

from prism.audit.v1 import audit_pb2, audit_pb2_grpc
from prism.runtime.audit import AuditEvent, AuditOutbox
from prism.runtime.audit.relay import AuditRelay
from prism.runtime.audit.servicer import AuditServicer
from prism.runtime.database import Database

AUDIT_SERVICE_NAME = audit_pb2.DESCRIPTOR.services_by_name["AuditService"].full_name


class UnitOfWork:
    def __init__(self, session: AsyncSession, outbox: AuditOutbox) -> None:
        self.session = session
        self._outbox = outbox

    async def audit(self, event: AuditEvent) -> None:
        await self._outbox.record(self.session, event)


class Transactions:
    def __init__(self, database: Database, outbox: AuditOutbox) -> None:
        self.database = database
        self.outbox = outbox
        self.relay = AuditRelay(database, outbox)

    @asynccontextmanager
    async def begin(self):
        async with self.database.transaction() as session:
            yield UnitOfWork(session, self.outbox)
        self.relay.notify()


@dataclass(frozen=True)
class Registration:
    add: Callable[[object, grpc.aio.Server], None]  # the generated add_XServicer_to_server
    servicer: object
    service_name: str


def authz_authorizer(settings, component: str):
    """The authorizer every service but authz uses: the internal secret, else authz's Check."""
    from prism.runtime.authorization import AuthzClientAuthorizer
    from prism.runtime.channels import internal_channel

    return AuthzClientAuthorizer(internal_channel(settings.authz_address), component, settings.internal_secret_value())


class DataServiceApp:
    def __init__(self, transactions: Transactions, registrations: Sequence[Registration], authorizer) -> None:
        self.transactions = transactions
        self.authorizer = authorizer
        self._registrations = tuple(registrations)
        self.service_names = tuple(r.service_name for r in self._registrations) + (AUDIT_SERVICE_NAME,)

    def register(self, server: grpc.aio.Server) -> None:
        for registration in self._registrations:
            registration.add(registration.servicer, server)
        audit = AuditServicer(self.transactions.database, self.transactions.outbox)
        audit_pb2_grpc.add_AuditServiceServicer_to_server(audit, server)

    async def start(self) -> None:
        self.transactions.relay.start()

    async def stop(self) -> None:
        await self.transactions.relay.stop()
        await self.transactions.database.close()


def service_name(module, service: str) -> str:
    """Full gRPC name of `service` declared in a generated `_pb2` module."""
    return module.DESCRIPTOR.services_by_name[service].full_name
