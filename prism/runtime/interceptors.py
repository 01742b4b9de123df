"""The one interceptor chain of every gRPC server: telemetry -> errors -> caller context.

The order is the tuple `RPC_STEPS`; each step is an async context manager around the handler,
entered in that order: the span wraps everything, the error mapping wraps the caller step (so a
bad token or a refusal becomes a proper status), and the caller step authenticates and authorizes
through the component's `Authorizer` before the handler runs with the caller bound.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager, AsyncExitStack, asynccontextmanager
from dataclasses import dataclass

import grpc
from opentelemetry import trace
from opentelemetry.trace import SpanKind, Status, StatusCode

from prism.runtime import caller as caller_context
from prism.runtime.authorization import Authorizer
from prism.runtime.errors import Internal, PrismError, Unimplemented
from prism.runtime.grpc_status import STATUS_DETAILS_KEY, to_status
from prism.runtime.telemetry import extract_from

log = logging.getLogger("prism.rpc")


@dataclass
class Rpc:
    component: str
    method: str  # "/prism.directory.v1.DirectoryService/CreateOrganization"
    context: grpc.aio.ServicerContext
    metadata: dict[str, str]
    authorizer: Authorizer
    request: object | None = None  # None for client-streaming calls
    span: trace.Span | None = None

    @property
    def short_method(self) -> str:
        return self.method.rsplit("/", 1)[-1]

    @property
    def service(self) -> str:
        return self.method.strip("/").split("/", 1)[0]


@asynccontextmanager
async def telemetry_step(rpc: Rpc):
    tracer = trace.get_tracer("prism.rpc")
    with tracer.start_as_current_span(
        f"prism.{rpc.component}.{rpc.short_method}",
        context=extract_from(rpc.metadata),
        kind=SpanKind.SERVER,
        attributes={"rpc.system": "grpc", "rpc.service": rpc.service, "rpc.method": rpc.short_method},
        record_exception=False,
        set_status_on_exception=False,
    ) as span:
        rpc.span = span
        yield


@asynccontextmanager
async def caller_step(rpc: Rpc):
    current = await rpc.authorizer.authorize(rpc.method, rpc.metadata, rpc.request)
    if rpc.span is not None:
        rpc.span.set_attribute("prism.caller.kind", current.kind)
        if current.organization:
            rpc.span.set_attribute("prism.organization", current.organization)
    token = caller_context.bind(current)
    try:
        yield
    finally:
        caller_context.unbind(token)


@asynccontextmanager
async def errors_step(rpc: Rpc):
    try:
        yield
    except PrismError as error:
        await _abort(rpc, error)
    except grpc.aio.AbortError:
        raise
    except NotImplementedError:
        await _abort(rpc, Unimplemented(f"{rpc.short_method} is not implemented by this server"))
    except Exception as exc:  # anything unexpected becomes INTERNAL without leaking detail
        log.exception("unhandled error in %s", rpc.method)
        await _abort(rpc, Internal("internal error", debug=repr(exc)))


async def _abort(rpc: Rpc, error: PrismError) -> None:
    level = logging.ERROR if isinstance(error, Internal) else logging.INFO
    log.log(
        level,
        "%s failed: %s",
        rpc.method,
        error.message,
        extra={"reason": error.reason, "grpc_code": error.grpc_code, "debug": error.debug},
    )
    if rpc.span is not None:
        rpc.span.set_status(Status(StatusCode.ERROR, error.reason))
        rpc.span.set_attribute("prism.error.reason", error.reason)
    status = to_status(error)
    await rpc.context.abort(
        grpc.StatusCode[error.grpc_code],
        error.message,
        trailing_metadata=((STATUS_DETAILS_KEY, status.SerializeToString()),),
    )


RPC_STEPS: tuple[Callable[[Rpc], AbstractAsyncContextManager], ...] = (telemetry_step, errors_step, caller_step)
_UNWRAPPED_PREFIXES = ("/grpc.health.", "/grpc.reflection.")


@asynccontextmanager
async def _rpc_scope(rpc: Rpc):
    async with AsyncExitStack() as stack:
        for step in RPC_STEPS:
            await stack.enter_async_context(step(rpc))
        yield


class RpcInterceptor(grpc.aio.ServerInterceptor):
    def __init__(self, component: str, authorizer: Authorizer) -> None:
        self.component = component
        self.authorizer = authorizer
        self._wrapped: dict[str, grpc.RpcMethodHandler] = {}  # a method's handler never changes

    async def intercept_service(self, continuation, handler_call_details):
        method = handler_call_details.method
        wrapped = self._wrapped.get(method)
        if wrapped is not None:
            return wrapped
        handler = await continuation(handler_call_details)
        if handler is None or method.startswith(_UNWRAPPED_PREFIXES):
            return handler
        wrapped = self._wrapped[method] = _wrap(handler, self.component, method, self.authorizer)
        return wrapped


def _metadata(context) -> dict[str, str]:
    return {key: value for key, value in (context.invocation_metadata() or ()) if isinstance(value, str)}


def _wrap(handler: grpc.RpcMethodHandler, component: str, method: str, authorizer: Authorizer) -> grpc.RpcMethodHandler:
    codec = {"request_deserializer": handler.request_deserializer, "response_serializer": handler.response_serializer}

    def scope(context, request=None):
        return _rpc_scope(Rpc(component, method, context, _metadata(context), authorizer, request))

    if handler.unary_unary:
        inner = handler.unary_unary

        async def unary_unary(request, context):
            async with scope(context, request):
                return await inner(request, context)

        return grpc.unary_unary_rpc_method_handler(unary_unary, **codec)
    if handler.unary_stream:
        inner = handler.unary_stream

        async def unary_stream(request, context):
            async with scope(context, request):
                async for response in inner(request, context):
                    yield response

        return grpc.unary_stream_rpc_method_handler(unary_stream, **codec)
    if handler.stream_unary:
        inner = handler.stream_unary

        async def stream_unary(request_iterator, context):
            async with scope(context):
                return await inner(request_iterator, context)

        return grpc.stream_unary_rpc_method_handler(stream_unary, **codec)
    inner = handler.stream_stream

    async def stream_stream(request_iterator, context):
        async with scope(context):
            async for response in inner(request_iterator, context):
                yield response

    return grpc.stream_stream_rpc_method_handler(stream_stream, **codec)
