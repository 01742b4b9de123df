"""Builds the stepup service from its settings."""

from __future__ import annotations

from prism.runtime.audit import AuditOutbox
from prism.runtime.database import Database
from prism.runtime.service_app import DataServiceApp, Registration, Transactions, authz_authorizer, service_name
from prism.stepup.v1 import stepup_pb2, stepup_pb2_grpc
from services.stepup import tables
from services.stepup.settings import StepUpSettings

SETTINGS = StepUpSettings


async def build(settings: StepUpSettings) -> DataServiceApp:
    database = Database(settings.database_url_resolved())
    transactions = Transactions(database, AuditOutbox(tables.audit_events, "stepup"))
    servicer = stepup_pb2_grpc.StepUpServiceServicer()
    return DataServiceApp(
        transactions,
        [
            Registration(
                stepup_pb2_grpc.add_StepUpServiceServicer_to_server, servicer, service_name(stepup_pb2, "StepUpService")
            )
        ],
        authz_authorizer(settings, "stepup"),
    )
