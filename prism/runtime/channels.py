"""The one way a service opens a grpc.aio channel to another service.

Internal peers restart (the supervisor, a rolling deploy), so reconnection backoff is kept short:
a peer that comes back is used again within a couple of seconds, not after gRPC's default minutes.
"""

from __future__ import annotations

import grpc

INTERNAL_CHANNEL_OPTIONS = (
    ("grpc.initial_reconnect_backoff_ms", 100),
    ("grpc.min_reconnect_backoff_ms", 100),
    ("grpc.max_reconnect_backoff_ms", 2000),
    ("grpc.keepalive_time_ms", 30000),
    ("grpc.keepalive_permit_without_calls", 1),
)


def internal_channel(address: str) -> grpc.aio.Channel:
    return grpc.aio.insecure_channel(address, options=INTERNAL_CHANNEL_OPTIONS)
