"""Builds the webhooks service from its settings: the subscriptions API, event intake and the delivery worker."""

from __future__ import annotations

import grpc

from prism.runtime.audit import AuditOutbox
from prism.runtime.background import PeriodicTask
from prism.runtime.channels import internal_channel
from prism.runtime.components import DATA_OWNERS
from prism.runtime.database import Database
from prism.runtime.internal_auth import internal_metadata
from prism.runtime.sealing import Sealer
from prism.runtime.service_app import DataServiceApp, Registration, Transactions, authz_authorizer, service_name
from prism.webhooks.v1 import webhooks_pb2, webhooks_pb2_grpc
from services.webhooks import tables
from services.webhooks.deliveries import DeliveryLog
from services.webhooks.intake import Intake
from services.webhooks.servicer import WebhooksServicer
from services.webhooks.settings import WebhooksSettings
from services.webhooks.subscriptions import Subscriptions
from services.webhooks.worker import DeliveryWorker

SETTINGS = WebhooksSettings
ENCRYPTION_KEY_FILE = "webhooks-encryption-key"


class WebhooksApp(DataServiceApp):
    def __init__(self, channels: dict[str, grpc.aio.Channel], intake: PeriodicTask, worker: DeliveryWorker, *args):
        super().__init__(*args)
        self.channels = channels
        self.intake = intake
        self.worker = worker

    async def start(self) -> None:
        await super().start()
        self.worker.start()
        self.intake.start()

    async def stop(self) -> None:
        await self.intake.stop()
        await self.worker.stop()
        for channel in self.channels.values():
            await channel.close()
        await super().stop()


async def build(settings: WebhooksSettings) -> DataServiceApp:
    database = Database.from_settings(settings)
    transactions = Transactions(database, AuditOutbox(tables.audit_events, "webhooks"))
    sealer = Sealer.from_settings(
        settings.webhooks_encryption_key,
        settings.data_dir,
        settings.environment,
        variable="PRISM_WEBHOOKS_ENCRYPTION_KEY",
        file=ENCRYPTION_KEY_FILE,
        purpose="webhook signing secret",
    )
    subscriptions = Subscriptions(transactions, sealer, settings)
    worker = DeliveryWorker(database, subscriptions, settings)
    channels = {c.name: internal_channel(settings.address_of(c.name)) for c in DATA_OWNERS}
    intake = Intake(
        database,
        channels,
        internal_metadata("webhooks", settings.internal_secret_value()),
        lag_seconds=settings.webhooks_intake_lag_seconds,
        max_attempts=settings.webhooks_max_attempts,
        on_queued=worker.wake,
    )
    log = DeliveryLog(subscriptions, settings.webhooks_max_attempts, on_queued=worker.wake)
    return WebhooksApp(
        channels,
        PeriodicTask("webhooks-intake", intake.poll, settings.webhooks_poll_seconds),
        worker,
        transactions,
        [
            Registration(
                webhooks_pb2_grpc.add_WebhooksServiceServicer_to_server,
                WebhooksServicer(subscriptions, log),
                service_name(webhooks_pb2, "WebhooksService"),
            )
        ],
        authz_authorizer(settings, "webhooks"),
    )
