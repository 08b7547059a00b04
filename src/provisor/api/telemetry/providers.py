"""Tracer, meter and logger providers built from ``TelemetryConfig``.

Every span exporter is added through ``export_spans_to`` so that spans always
pass the scrubbing processor first, in production and in the tests alike.
"""

from __future__ import annotations

import logging

from opentelemetry.sdk._logs import LoggerProvider, LoggingHandler
from opentelemetry.sdk._logs.export import BatchLogRecordProcessor, ConsoleLogRecordExporter
from opentelemetry.sdk.metrics import MeterProvider
from opentelemetry.sdk.metrics.export import (
    ConsoleMetricExporter,
    MetricExporter,
    PeriodicExportingMetricReader,
)
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import SpanProcessor, TracerProvider
from opentelemetry.sdk.trace.export import (
    BatchSpanProcessor,
    ConsoleSpanExporter,
    SimpleSpanProcessor,
    SpanExporter,
)

from provisor.api.telemetry.config import TelemetryConfig
from provisor.api.telemetry.scrub import ScrubbingSpanProcessor


def _grpc(protocol: str) -> bool:
    return protocol == "grpc"


def span_exporter(name: str, protocol: str) -> SpanExporter:
    if name == "console":
        return ConsoleSpanExporter()
    if _grpc(protocol):
        from opentelemetry.exporter.otlp.proto.grpc.trace_exporter import OTLPSpanExporter
        return OTLPSpanExporter()
    from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter as Http
    return Http()


def metric_exporter(name: str, protocol: str) -> MetricExporter:
    if name == "console":
        return ConsoleMetricExporter()
    if _grpc(protocol):
        from opentelemetry.exporter.otlp.proto.grpc.metric_exporter import OTLPMetricExporter
        return OTLPMetricExporter()
    from opentelemetry.exporter.otlp.proto.http.metric_exporter import (
        OTLPMetricExporter as Http,
    )
    return Http()


def export_spans_to(provider: TracerProvider, exporter: SpanExporter, *, batch: bool = True
                    ) -> None:
    inner: SpanProcessor = BatchSpanProcessor(exporter) if batch else SimpleSpanProcessor(exporter)
    provider.add_span_processor(ScrubbingSpanProcessor(inner))


def tracer_provider(config: TelemetryConfig) -> TracerProvider:
    """Sampler from ``OTEL_TRACES_SAMPLER``; resource from ``OTEL_SERVICE_NAME``."""
    provider = TracerProvider(resource=Resource.create())
    for name in config.traces:
        export_spans_to(provider, span_exporter(name, config.otlp_protocol))
    return provider


def meter_provider(config: TelemetryConfig) -> MeterProvider:
    readers = [PeriodicExportingMetricReader(metric_exporter(n, config.otlp_protocol))
               for n in config.metrics]
    return MeterProvider(metric_readers=readers, resource=Resource.create())


def log_handler(config: TelemetryConfig) -> logging.Handler | None:
    """An OTLP/console handler for the ``provisor`` logs when ``OTEL_LOGS_EXPORTER`` asks."""
    if not config.logs:
        return None
    provider = LoggerProvider(resource=Resource.create())
    for name in config.logs:
        if name == "console":
            provider.add_log_record_processor(BatchLogRecordProcessor(ConsoleLogRecordExporter()))
        elif _grpc(config.otlp_protocol):
            from opentelemetry.exporter.otlp.proto.grpc._log_exporter import OTLPLogExporter
            provider.add_log_record_processor(BatchLogRecordProcessor(OTLPLogExporter()))
        else:
            from opentelemetry.exporter.otlp.proto.http._log_exporter import (
                OTLPLogExporter as Http,
            )
            provider.add_log_record_processor(BatchLogRecordProcessor(Http()))
    return LoggingHandler(logger_provider=provider)
