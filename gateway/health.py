"""`/healthz` (the edge is alive) and `/readyz` (every service answers its gRPC health check)."""

from __future__ import annotations

import asyncio

from grpclib.health.v1.health_grpc import HealthStub
from grpclib.health.v1.health_pb2 import HealthCheckRequest, HealthCheckResponse
from starlette.requests import Request
from starlette.responses import JSONResponse

from prism.runtime.components import SERVICES


async def healthz(request: Request) -> JSONResponse:
    return JSONResponse({"status": "alive"}, headers={"Cache-Control": "no-store"})


async def readyz(request: Request) -> JSONResponse:
    clients = request.app.state.clients
    timeout = request.app.state.settings.readiness_timeout_seconds

    async def check(name: str) -> str:
        try:
            reply = await HealthStub(clients.channel(name)).Check(HealthCheckRequest(service=""), timeout=timeout)
        except Exception:  # any failure to answer means not ready; the reason is not the caller's business
            return "unreachable"
        return "serving" if reply.status == HealthCheckResponse.SERVING else "not_serving"

    names = [c.name for c in SERVICES]
    states = dict(zip(names, await asyncio.gather(*(check(n) for n in names)), strict=True))
    ready = all(state == "serving" for state in states.values())
    return JSONResponse(
        {"status": "ready" if ready else "not_ready", "components": states},
        status_code=200 if ready else 503,
        headers={"Cache-Control": "no-store"},
    )
