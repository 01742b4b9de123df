"""Internal channels ping idle connections; every server must accept that instead of hanging up.

gRPC servers refuse keepalive pings without calls by default and answer GOAWAY
"too_many_pings" after a few, which fails the calls in flight on that connection (seen as
`UNAVAILABLE: Too many pings` under load). A client pinging every 200 ms on an idle connection
would be cut off within a second by a default server; ours keeps the connection.
"""

from __future__ import annotations

import asyncio

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc

from prism.runtime.server import start_grpc_server


class _NoApp:
    service_names: tuple[str, ...] = ()
    authorizer = None

    def register(self, server) -> None:
        pass

    async def start(self) -> None:
        pass

    async def stop(self) -> None:
        pass


@pytest.mark.asyncio
async def test_idle_keepalive_pings_do_not_make_the_server_hang_up():
    running = await start_grpc_server("test", "127.0.0.1:0", _NoApp())
    options = (
        ("grpc.keepalive_time_ms", 200),
        ("grpc.keepalive_permit_without_calls", 1),
        ("grpc.http2.max_pings_without_data", 0),  # gRPC's own client throttle would stop at 2
        ("grpc.http2.min_time_between_pings_ms", 100),
    )
    channel = grpc.aio.insecure_channel(f"127.0.0.1:{running.port}", options=options)
    try:
        health = health_pb2_grpc.HealthStub(channel)
        await health.Check(health_pb2.HealthCheckRequest(), timeout=5)
        states = []
        for _ in range(20):  # 3 s idle: about 15 pings without a call
            await asyncio.sleep(0.15)
            states.append(channel.get_state())
        assert set(states) == {grpc.ChannelConnectivity.READY}, states
        answer = await health.Check(health_pb2.HealthCheckRequest(), timeout=5)
        assert answer.status == health_pb2.HealthCheckResponse.SERVING
    finally:
        await channel.close()
        await running.server.stop(None)
