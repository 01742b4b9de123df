"""grpclib channels to every service, and the one way the gateway calls an RPC.

`ServiceClients.call` opens a client span, puts the trace context and the caller's Authorization
header into gRPC metadata, applies the deadline, and turns a gRPC error back into the PrismError
the service raised.
"""

from __future__ import annotations

from typing import Any

from grpclib.client import Channel
from grpclib.exceptions import GRPCError, StreamTerminatedError
from opentelemetry import trace
from opentelemetry.trace import SpanKind, Status, StatusCode

from gateway.errors import error_from_grpc
from prism.runtime.client_address import CLIENT_ADDRESS_KEY
from prism.runtime.components import SERVICES
from prism.runtime.errors import PrismError, Unavailable
from prism.runtime.settings import PlatformSettings
from prism.runtime.telemetry import inject_into

_tracer = trace.get_tracer("prism.gateway")


def _split(address: str) -> tuple[str, int]:
    host, _, port = address.rpartition(":")
    return host.strip("[]") or "127.0.0.1", int(port)


class ServiceClients:
    def __init__(self, settings: PlatformSettings, timeout: float) -> None:
        self.timeout = timeout
        self.channels: dict[str, Channel] = {}
        for component in SERVICES:
            host, port = _split(settings.address_of(component.name))
            self.channels[component.name] = Channel(host, port)

    def channel(self, component: str) -> Channel:
        return self.channels[component]

    async def call(
        self,
        component: str,
        method: Any,
        request: Any,
        *,
        authorization: str | None = None,
        timeout: float | None = None,
        client_address: str = "",
    ) -> Any:
        """Call `method` (a bound grpclib stub method) of `component`, on behalf of the HTTP caller."""
        name = f"{method.name}" if hasattr(method, "name") else repr(method)
        with _tracer.start_as_current_span(
            f"prism.gateway -> {name}",
            kind=SpanKind.CLIENT,
            attributes={"rpc.system": "grpc", "prism.component": component},
        ) as span:
            metadata = inject_into({})
            if authorization:  # the caller's own credential; the service has authz decide
                metadata["authorization"] = authorization
            if client_address:  # for brute-force protection; a client's own header of this name is never passed on
                metadata[CLIENT_ADDRESS_KEY] = client_address
            try:
                return await method(request, timeout=timeout or self.timeout, metadata=metadata)
            except GRPCError as exc:
                error = error_from_grpc(exc)
            except (TimeoutError, ConnectionError, OSError, StreamTerminatedError) as exc:
                error = Unavailable(f"the {component} service is unavailable", debug=repr(exc))
            span.set_status(Status(StatusCode.ERROR, error.reason))
            raise error

    def close(self) -> None:
        for channel in self.channels.values():
            channel.close()


def client_address_of(request) -> str:
    """The HTTP client's address (uvicorn takes X-Forwarded-For only from FORWARDED_ALLOW_IPS proxies)."""
    return request.client.host if request.client else ""


__all__ = ["ServiceClients", "PrismError", "client_address_of"]
