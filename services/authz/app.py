"""Builds the authz service from its settings. It owns no tables: caches only.

It follows every organization's public keys (WatchKeys without the signing-key secret, so the
stream carries public keys only) to verify tokens, asks the directory for callers' grants and the
token service whether a token was revoked.
Only other Prism services may call it.
"""

from __future__ import annotations

import grpc

from prism.authz.v1 import authz_pb2, authz_pb2_grpc
from prism.runtime.authorization import InternalOnlyAuthorizer
from prism.runtime.channels import internal_channel
from prism.runtime.keysets import KeySetCache, aio_stream_opener
from prism.runtime.service_app import service_name
from services.authz.checks import Checker
from services.authz.grants import DirectoryGrants
from services.authz.revocations import TokenRevocations
from services.authz.servicer import AuthzServicer
from services.authz.settings import AuthzSettings
from services.authz.tokens import TokenVerifier

SETTINGS = AuthzSettings


class AuthzApp:
    def __init__(self, settings: AuthzSettings) -> None:
        self.settings = settings
        self.service_names = (service_name(authz_pb2, "AuthzService"),)
        secret = settings.internal_secret_value()
        self.authorizer = InternalOnlyAuthorizer(secret)
        self.keys_channel = internal_channel(settings.keys_address)
        self.directory_channel = internal_channel(settings.directory_address)
        self.token_channel = internal_channel(settings.token_address)
        self.public_keys = KeySetCache(aio_stream_opener(self.keys_channel, component="authz"), private=False)
        self.checker = Checker(
            TokenVerifier(settings, self.public_keys, settings.token_leeway_seconds),
            DirectoryGrants(self.directory_channel, secret, settings.grants_cache_seconds),
            TokenRevocations(self.token_channel, secret, settings.grants_cache_seconds),
        )

    def register(self, server: grpc.aio.Server) -> None:
        authz_pb2_grpc.add_AuthzServiceServicer_to_server(AuthzServicer(self.checker), server)

    async def start(self) -> None:
        self.public_keys.start()

    async def stop(self) -> None:
        await self.public_keys.stop()
        await self.keys_channel.close()
        await self.directory_channel.close()
        await self.token_channel.close()


async def build(settings: AuthzSettings) -> AuthzApp:
    return AuthzApp(settings)
