"""Builds the token service from its settings."""

from __future__ import annotations

from prism.token.v1 import token_pb2, token_pb2_grpc
from prism.runtime.audit import AuditOutbox
from prism.runtime.database import Database
from prism.runtime.service_app import DataServiceApp, Registration, Transactions, service_name
from services.token import tables
from services.token.settings import TokenSettings

SETTINGS = TokenSettings


async def build(settings: TokenSettings) -> DataServiceApp:
    database = Database(settings.database_url_resolved())
    transactions = Transactions(database, AuditOutbox(tables.audit_events, "token"))
    servicer = token_pb2_grpc.TokenServiceServicer()
    return DataServiceApp(
        transactions,
        [Registration(token_pb2_grpc.add_TokenServiceServicer_to_server, servicer, service_name(token_pb2, "TokenService"))],
    )
