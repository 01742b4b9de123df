"""Builds the authz service from its settings. It owns no tables: caches only."""

from __future__ import annotations

import grpc

from prism.authz.v1 import authz_pb2, authz_pb2_grpc
from prism.runtime.service_app import service_name
from services.authz.settings import AuthzSettings

SETTINGS = AuthzSettings


class AuthzApp:
    def __init__(self, settings: AuthzSettings) -> None:
        self.settings = settings
        self.service_names = (service_name(authz_pb2, "AuthzService"),)

    def register(self, server: grpc.aio.Server) -> None:
        authz_pb2_grpc.add_AuthzServiceServicer_to_server(authz_pb2_grpc.AuthzServiceServicer(), server)

    async def start(self) -> None:
        pass

    async def stop(self) -> None:
        pass


async def build(settings: AuthzSettings) -> AuthzApp:
    return AuthzApp(settings)
