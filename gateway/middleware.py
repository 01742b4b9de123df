"""ASGI middleware of the edge, outermost first: request telemetry, then the body size limit."""

from __future__ import annotations

from opentelemetry import trace
from opentelemetry.trace import SpanKind, Status, StatusCode

from prism.runtime.errors import PayloadTooLarge
from prism.runtime.telemetry import extract_from

_tracer = trace.get_tracer("prism.gateway")


class TelemetryMiddleware:
    """A server span per HTTP request (continuing an incoming `traceparent`), `X-Trace-Id` on the answer."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope.get("headers", ())}
        with _tracer.start_as_current_span(
            f"HTTP {scope['method']}",
            context=extract_from(headers),
            kind=SpanKind.SERVER,
            attributes={"http.request.method": scope["method"], "url.path": scope["path"]},
        ) as span:
            trace_id = f"{span.get_span_context().trace_id:032x}".encode()

            async def send_with_trace(message):
                if message["type"] == "http.response.start":
                    message.setdefault("headers", [])
                    message["headers"] = [*message["headers"], (b"x-trace-id", trace_id)]
                    status = message["status"]
                    span.set_attribute("http.response.status_code", status)
                    if status >= 500:
                        span.set_status(Status(StatusCode.ERROR))
                await send(message)

            await self.app(scope, receive, send_with_trace)


class BodyLimitMiddleware:
    """Refuses bodies over `max_bytes` with 413, whether announced by Content-Length or streamed."""

    def __init__(self, app, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        for key, value in scope.get("headers", ()):
            if key == b"content-length":
                try:
                    announced = int(value)
                except ValueError:
                    announced = 0
                if announced > self.max_bytes:
                    return await _reject(scope, receive, send, self.max_bytes)
        received = 0

        async def limited_receive():
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise _too_large(self.max_bytes)
            return message

        await self.app(scope, limited_receive, send)


def _too_large(max_bytes: int) -> PayloadTooLarge:
    return PayloadTooLarge(f"request body is larger than {max_bytes} bytes")


async def _reject(scope, receive, send, max_bytes: int) -> None:
    from starlette.requests import Request

    from gateway.errors import handle_prism_error

    response = await handle_prism_error(Request(scope, receive), _too_large(max_bytes))
    await response(scope, receive, send)
