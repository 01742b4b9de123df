"""Builds the authz service from its settings. It owns no tables: caches only.

It follows every organization's public keys (WatchKeys without the signing-key secret, so the
stream carries public keys only) to verify tokens for internal callers.
"""

from __future__ import annotations

import grpc

from prism.authz.v1 import authz_pb2, authz_pb2_grpc
from prism.runtime.channels import internal_channel
from prism.runtime.keysets import KeySetCache, aio_stream_opener
from prism.runtime.service_app import service_name
from services.authz.settings import AuthzSettings

SETTINGS = AuthzSettings


class AuthzApp:
    def __init__(self, settings: AuthzSettings) -> None:
        self.settings = settings
        self.service_names = (service_name(authz_pb2, "AuthzService"),)
        self.keys_channel: grpc.aio.Channel | None = None
        self.public_keys: KeySetCache | None = None

    def register(self, server: grpc.aio.Server) -> None:
        authz_pb2_grpc.add_AuthzServiceServicer_to_server(authz_pb2_grpc.AuthzServiceServicer(), server)

    async def start(self) -> None:
        self.keys_channel = internal_channel(self.settings.keys_address)
        self.public_keys = KeySetCache(aio_stream_opener(self.keys_channel, component="authz"), private=False)
        self.public_keys.start()

    async def stop(self) -> None:
        if self.public_keys:
            await self.public_keys.stop()
        if self.keys_channel:
            await self.keys_channel.close()


async def build(settings: AuthzSettings) -> AuthzApp:
    return AuthzApp(settings)
