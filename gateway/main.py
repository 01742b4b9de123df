"""`prism serve gateway`: the HTTP edge on uvicorn (uvloop + httptools)."""

from __future__ import annotations

import logging

import uvicorn

from gateway.app import create_app
from gateway.browser import session_secret
from gateway.settings import GatewaySettings
from prism.runtime.logs import configure_logging
from prism.runtime.settings import load
from prism.runtime.telemetry import configure_tracing, shutdown_tracing

log = logging.getLogger("prism.gateway")


def run_gateway(port: int | None = None) -> None:
    settings = load(GatewaySettings)
    if port is not None:
        settings = settings.model_copy(update={"port": port})
    configure_logging("gateway", settings.log_level, settings.log_format)
    session_secret(settings)  # refuse to start without one in production, before anything listens
    configure_tracing("gateway")
    config = uvicorn.Config(
        create_app(settings),
        host=settings.host,
        port=settings.port,
        loop="uvloop",
        http="httptools",
        log_config=None,
        access_log=False,
        server_header=False,
        proxy_headers=False,
        timeout_graceful_shutdown=5,
    )
    log.info("gateway listening on http://%s:%d", settings.host, settings.port)
    try:
        uvicorn.Server(config).run()
    finally:
        shutdown_tracing()
