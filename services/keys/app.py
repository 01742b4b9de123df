"""Builds the keys service from its settings."""

from __future__ import annotations

from prism.keys.v1 import keys_pb2, keys_pb2_grpc
from prism.runtime.audit import AuditOutbox
from prism.runtime.database import Database
from prism.runtime.service_app import DataServiceApp, Registration, Transactions, service_name
from services.keys import tables
from services.keys.settings import KeysSettings

SETTINGS = KeysSettings


async def build(settings: KeysSettings) -> DataServiceApp:
    database = Database(settings.database_url_resolved())
    transactions = Transactions(database, AuditOutbox(tables.audit_events, "keys"))
    servicer = keys_pb2_grpc.KeysServiceServicer()
    return DataServiceApp(
        transactions,
        [Registration(keys_pb2_grpc.add_KeysServiceServicer_to_server, servicer, service_name(keys_pb2, "KeysService"))],
    )
