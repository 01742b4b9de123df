"""The one way to start a gRPC server: `start_grpc_server(component, address, app)`.

It registers the app's servicers, the standard health and reflection services and the interceptor
chain, binds (use `127.0.0.1:0` in tests) and returns the server with its port. `run_component`
is the process entry point used by `prism serve <component>`: settings, logs, tracing, migrations,
then serve until SIGTERM/SIGINT with a graceful drain.
"""

from __future__ import annotations

import asyncio
import importlib
import logging
import signal
from dataclasses import dataclass
from typing import Protocol

import grpc
from grpc_health.v1 import health, health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection

from prism.runtime import migrations
from prism.runtime.authorization import Authorizer
from prism.runtime.components import Component
from prism.runtime.interceptors import RpcInterceptor
from prism.runtime.logs import configure_logging
from prism.runtime.settings import ServiceSettings, SettingsError, load
from prism.runtime.telemetry import configure_tracing, shutdown_tracing

log = logging.getLogger("prism.server")

MAX_MESSAGE_BYTES = 4 * 1024 * 1024


class ServiceApp(Protocol):
    """What a component's `build(settings)` returns."""

    service_names: tuple[str, ...]  # full gRPC service names, for health and reflection
    authorizer: Authorizer  # decides who may call what (prism.runtime.authorization)

    def register(self, server: grpc.aio.Server) -> None: ...

    async def start(self) -> None: ...  # background work (relays, schedulers)

    async def stop(self) -> None: ...


@dataclass
class RunningServer:
    server: grpc.aio.Server
    port: int
    health: health.aio.HealthServicer
    app: ServiceApp

    async def set_serving(self, serving: bool) -> None:
        status = health_pb2.HealthCheckResponse.SERVING if serving else health_pb2.HealthCheckResponse.NOT_SERVING
        for name in ("", *self.app.service_names):
            await self.health.set(name, status)

    async def stop(self, grace: float | None = None) -> None:
        await self.set_serving(False)
        await self.server.stop(grace)
        await self.app.stop()


async def start_grpc_server(component: str, address: str, app: ServiceApp) -> RunningServer:
    server = grpc.aio.server(
        interceptors=[RpcInterceptor(component, app.authorizer)],
        options=[
            ("grpc.max_receive_message_length", MAX_MESSAGE_BYTES),
            ("grpc.max_send_message_length", MAX_MESSAGE_BYTES),
            ("grpc.so_reuseport", 0),
            # internal channels ping every 30 s even when idle (prism/runtime/channels.py); gRPC's
            # server default refuses that and answers GOAWAY "too_many_pings", failing live calls
            ("grpc.keepalive_permit_without_calls", 1),
            ("grpc.http2.min_recv_ping_interval_without_data_ms", 10_000),
            ("grpc.http2.max_ping_strikes", 0),
        ],
    )
    app.register(server)
    health_servicer = health.aio.HealthServicer()
    health_pb2_grpc.add_HealthServicer_to_server(health_servicer, server)
    reflection.enable_server_reflection((*app.service_names, health.SERVICE_NAME, reflection.SERVICE_NAME), server)
    try:
        port = server.add_insecure_port(address)
    except RuntimeError:  # grpc's way of saying the address is taken or not ours
        port = 0
    if port == 0:
        raise SettingsError(f"cannot listen on {address}: the address is in use or not available here")
    await server.start()
    await app.start()
    running = RunningServer(server, port, health_servicer, app)
    await running.set_serving(True)
    return running


def run_component(component: Component) -> None:
    """Run one component in this process until SIGTERM or SIGINT."""
    module = importlib.import_module(component.module)
    settings: ServiceSettings = load(module.SETTINGS)
    configure_logging(component.name, settings.log_level, settings.log_format)
    configure_tracing(component.name)
    if component.owns_data and settings.migrate_on_start:
        result = migrations.upgrade(component.name, settings.database_url_resolved())
        if result.changed:
            log.info(
                "migrated %s schema",
                component.name,
                extra={"from_revision": result.before, "to_revision": result.after},
            )
    try:
        import uvloop

        uvloop.install()
    except ImportError:  # pragma: no cover - uvloop is a dependency, but plain asyncio works too
        pass
    try:
        asyncio.run(_serve(component, module, settings))
    except SettingsError as exc:  # found while building (a missing production secret): one clear line
        log.error("%s cannot start: %s", component.name, exc)
        raise SystemExit(2) from None
    finally:
        shutdown_tracing()


async def _serve(component: Component, module, settings: ServiceSettings) -> None:
    app = await module.build(settings)
    address = settings.bind_address()
    running = await start_grpc_server(component.name, address, app)
    log.info("%s listening on %s", component.name, address, extra={"port": running.port})
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    await stop.wait()
    log.info("%s shutting down (grace %.1fs)", component.name, settings.shutdown_grace_seconds)
    await running.stop(settings.shutdown_grace_seconds)
    log.info("%s stopped", component.name)
