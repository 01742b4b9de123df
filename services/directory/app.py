"""Builds the directory service from its settings."""

from __future__ import annotations

from prism.directory.v1 import directory_pb2, directory_pb2_grpc
from prism.runtime.audit import AuditOutbox
from prism.runtime.database import Database
from prism.runtime.service_app import DataServiceApp, Registration, Transactions, service_name
from services.directory import tables
from services.directory.organizations import SqlOrganizationRepository
from services.directory.servicer import DirectoryServicer
from services.directory.settings import DirectorySettings
from services.directory.usecases import OrganizationUseCases

SETTINGS = DirectorySettings


async def build(settings: DirectorySettings) -> DataServiceApp:
    database = Database(settings.database_url_resolved())
    transactions = Transactions(database, AuditOutbox(tables.audit_events, "directory"))
    servicer = DirectoryServicer(settings, OrganizationUseCases(transactions, SqlOrganizationRepository()))
    return DataServiceApp(
        transactions,
        [
            Registration(
                directory_pb2_grpc.add_DirectoryServiceServicer_to_server,
                servicer,
                service_name(directory_pb2, "DirectoryService"),
            )
        ],
    )
