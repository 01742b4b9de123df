"""Builds the stepup service from its settings."""

from __future__ import annotations

import grpc

from prism.runtime.audit import AuditOutbox
from prism.runtime.channels import internal_channel
from prism.runtime.clock import SYSTEM_CLOCK, Clock
from prism.runtime.database import Database
from prism.runtime.sealing import Sealer
from prism.runtime.service_app import DataServiceApp, Registration, Transactions, authz_authorizer, service_name
from prism.stepup.v1 import stepup_pb2, stepup_pb2_grpc
from services.stepup import tables
from services.stepup.backup_codes import BackupCodes
from services.stepup.captcha import CaptchaGate
from services.stepup.challenges import Challenges
from services.stepup.directory_calls import DirectoryCalls
from services.stepup.passkeys import Passkeys
from services.stepup.reauth import Reauthentication
from services.stepup.servicer import StepUpServicer
from services.stepup.settings import StepUpSettings
from services.stepup.totp import TotpFactors

SETTINGS = StepUpSettings


class StepUpApp(DataServiceApp):
    def __init__(self, directory: grpc.aio.Channel, captcha: CaptchaGate, *args) -> None:
        super().__init__(*args)
        self.directory = directory
        self.captcha = captcha

    async def stop(self) -> None:
        await self.directory.close()
        await self.captcha.close()
        await super().stop()


ENCRYPTION_KEY_FILE = "stepup-encryption-key"


async def build(settings: StepUpSettings, clock: Clock = SYSTEM_CLOCK) -> DataServiceApp:
    database = Database.from_settings(settings)
    transactions = Transactions(database, AuditOutbox(tables.audit_events, "stepup"))
    sealer = Sealer.from_settings(
        settings.stepup_encryption_key,
        settings.data_dir,
        settings.environment,
        variable="PRISM_STEPUP_ENCRYPTION_KEY",
        file=ENCRYPTION_KEY_FILE,
        purpose="second factor",
    )
    totp, backup = TotpFactors(transactions, sealer, clock, settings.totp_issuer), BackupCodes(transactions, clock)
    directory = internal_channel(settings.directory_address)
    calls = DirectoryCalls(directory, settings.internal_secret_value())
    passkeys = Passkeys(transactions, clock, settings.public_url, settings.totp_issuer)
    challenges = Challenges(
        transactions, totp, backup, calls, settings.internal_secret_value(), settings.public_url, clock, passkeys
    )
    reauth = Reauthentication(transactions, clock, totp, backup, passkeys, calls)
    return StepUpApp(
        directory,
        challenges.captcha,
        transactions,
        [
            Registration(
                stepup_pb2_grpc.add_StepUpServiceServicer_to_server,
                StepUpServicer(totp, backup, challenges, passkeys, reauth),
                service_name(stepup_pb2, "StepUpService"),
            )
        ],
        authz_authorizer(settings, "stepup"),
    )
