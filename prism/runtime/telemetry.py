"""OpenTelemetry tracing for every process, configured by the standard OTEL_* variables.

`OTEL_TRACES_EXPORTER`: `none` (default), `console` (spans as JSON on stdout) or `otlp` (needs the
`opentelemetry-exporter-otlp` package). `OTEL_SERVICE_NAME` defaults to `prism-<component>`.
Trace context crosses process boundaries as W3C `traceparent` in gRPC metadata.
"""

from __future__ import annotations

import logging
import os

from opentelemetry import propagate, trace
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor, ConsoleSpanExporter
from opentelemetry.sdk.trace.sampling import ALWAYS_OFF

log = logging.getLogger("prism.telemetry")
_provider: TracerProvider | None = None


def configure_tracing(component: str) -> None:
    global _provider
    exporter_name = os.environ.get("OTEL_TRACES_EXPORTER", "none").strip().lower()
    resource = Resource.create({"service.name": os.environ.get("OTEL_SERVICE_NAME", f"prism-{component}")})
    exporting = exporter_name in ("console", "otlp")
    # Without an exporter, spans are not recorded (ALWAYS_OFF) but still get ids: log lines and
    # X-Trace-Id keep their trace ids, traceparent still crosses processes, and the hot path does
    # not pay for attributes and span processors nobody reads. OTEL_TRACES_SAMPLER overrides it.
    sampler = None if exporting or os.environ.get("OTEL_TRACES_SAMPLER") else ALWAYS_OFF
    provider = TracerProvider(resource=resource, sampler=sampler)
    if exporter_name == "console":
        provider.add_span_processor(BatchSpanProcessor(ConsoleSpanExporter()))
    elif exporter_name == "otlp":
        try:
            from opentelemetry.exporter.otlp.proto.grpc.trace_exporter import OTLPSpanExporter
        except ImportError:
            log.error("OTEL_TRACES_EXPORTER=otlp needs `pip install opentelemetry-exporter-otlp`; tracing is off")
        else:
            provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))
    elif exporter_name not in ("none", ""):
        log.warning("unknown OTEL_TRACES_EXPORTER %r; expected none, console or otlp; tracing is off", exporter_name)
    trace.set_tracer_provider(provider)
    _provider = provider


def shutdown_tracing() -> None:
    if _provider is not None:
        _provider.shutdown()


def tracer(name: str) -> trace.Tracer:
    return trace.get_tracer(name)


def inject_into(carrier: dict[str, str]) -> dict[str, str]:
    """Write the current trace context (`traceparent`, `tracestate`) into a metadata dict."""
    propagate.inject(carrier)
    return carrier


def extract_from(carrier: dict[str, str]):
    return propagate.extract(carrier)
