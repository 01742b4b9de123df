"""Builds the keys service from its settings."""

from __future__ import annotations

from prism.keys.v1 import keys_pb2, keys_pb2_grpc
from prism.runtime.audit import AuditOutbox
from prism.runtime.clock import SYSTEM_CLOCK, Clock
from prism.runtime.database import Database
from prism.runtime.secrets import signing_key_access_secret
from prism.runtime.service_app import DataServiceApp, Registration, Transactions, authz_authorizer, service_name
from services.keys import tables
from services.keys.encryption import KeyEncryption
from services.keys.keyring import RotationPolicy
from services.keys.organizations import DirectoryOrganizations
from services.keys.repository import SqlKeyRingRepository
from services.keys.scheduler import RotationScheduler
from services.keys.servicer import KeysServicer
from services.keys.settings import KeysSettings
from services.keys.usecases import KeyDefaults, KeyRings
from services.keys.watch import KeySetFeed

SETTINGS = KeysSettings


class KeysApp(DataServiceApp):
    def __init__(
        self,
        transactions: Transactions,
        servicer: KeysServicer,
        scheduler: RotationScheduler,
        feed: KeySetFeed,
        directory: DirectoryOrganizations,
        authorizer,
    ) -> None:
        registration = Registration(
            keys_pb2_grpc.add_KeysServiceServicer_to_server, servicer, service_name(keys_pb2, "KeysService")
        )
        super().__init__(transactions, [registration], authorizer)
        self.servicer = servicer
        self.scheduler = scheduler
        self.feed = feed
        self.directory = directory

    async def start(self) -> None:
        await super().start()
        self.feed.start()
        self.scheduler.start()

    async def stop(self) -> None:
        await self.scheduler.stop()
        await self.feed.stop()
        await self.directory.close()
        await super().stop()


async def build(settings: KeysSettings, clock: Clock = SYSTEM_CLOCK) -> KeysApp:
    database = Database.from_settings(settings)
    transactions = Transactions(database, AuditOutbox(tables.audit_events, "keys"))
    encryption = KeyEncryption.from_settings(
        settings.key_encryption_key.get_secret_value() if settings.key_encryption_key else None,
        settings.data_dir,
        settings.environment,
    )
    repository = SqlKeyRingRepository()
    feed = KeySetFeed(transactions, repository, clock, settings.watch_poll_seconds)
    directory = DirectoryOrganizations(settings.directory_address, settings.internal_secret_value())
    policy = RotationPolicy.of(
        settings.rotation_seconds,
        settings.publish_margin_seconds,
        settings.access_tokens_max_age,
        settings.removal_grace_seconds,
    )
    rings = KeyRings(
        transactions,
        repository,
        encryption,
        policy,
        KeyDefaults(settings.jwks_alg, settings.rsa_bits),
        clock,
        directory.exists,
        on_change=feed.poke,
    )
    secret = signing_key_access_secret(settings.signing_key_access_secret, settings.data_dir, settings.environment)
    servicer = KeysServicer(rings, feed, secret, settings.publish_margin_seconds)
    scheduler = RotationScheduler(rings, settings.scheduler_interval_seconds)
    return KeysApp(transactions, servicer, scheduler, feed, directory, authz_authorizer(settings, "keys"))
