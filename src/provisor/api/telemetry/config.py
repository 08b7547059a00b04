"""Telemetry configuration from the standard ``OTEL_*`` environment variables.

Only the exporter choice is read here; the SDK itself reads the rest on our
behalf (``OTEL_SERVICE_NAME``/``OTEL_RESOURCE_ATTRIBUTES`` in ``Resource.create``,
``OTEL_TRACES_SAMPLER[_ARG]`` in ``TracerProvider``, ``OTEL_EXPORTER_OTLP_*`` in
the exporters). One deliberate difference from the OpenTelemetry defaults: an
unset ``OTEL_{TRACES,METRICS,LOGS}_EXPORTER`` means ``none`` (telemetry is off
unless asked for), not ``otlp``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

EXPORTERS = frozenset({"otlp", "console", "none"})

# Every OTEL_* variable Provisor honours (read here or by the SDK for us).
OTEL_VARIABLES = frozenset({
    "OTEL_SDK_DISABLED", "OTEL_SERVICE_NAME", "OTEL_RESOURCE_ATTRIBUTES",
    "OTEL_TRACES_EXPORTER", "OTEL_METRICS_EXPORTER", "OTEL_LOGS_EXPORTER",
    "OTEL_TRACES_SAMPLER", "OTEL_TRACES_SAMPLER_ARG", "OTEL_PROPAGATORS",
    "OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_PROTOCOL", "OTEL_EXPORTER_OTLP_HEADERS",
    "OTEL_EXPORTER_OTLP_TIMEOUT", "OTEL_EXPORTER_OTLP_INSECURE",
    "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT",
    "OTEL_EXPORTER_OTLP_LOGS_ENDPOINT", "OTEL_METRIC_EXPORT_INTERVAL",
    "OTEL_BSP_SCHEDULE_DELAY", "OTEL_BSP_MAX_QUEUE_SIZE", "OTEL_BSP_MAX_EXPORT_BATCH_SIZE",
    "OTEL_PYTHON_FASTAPI_EXCLUDED_URLS",
})


def _exporters(env: Mapping[str, str], name: str) -> tuple[str, ...]:
    raw = env.get(name, "none").strip().lower() or "none"
    chosen = tuple(dict.fromkeys(p.strip() for p in raw.split(",") if p.strip()))
    unknown = set(chosen) - EXPORTERS
    if unknown:
        raise ValueError(f"{name}: unsupported exporter(s) {sorted(unknown)}; "
                         f"use one of {sorted(EXPORTERS)}")
    return tuple(p for p in chosen if p != "none")


@dataclass(frozen=True, slots=True)
class TelemetryConfig:
    traces: tuple[str, ...] = ()
    metrics: tuple[str, ...] = ()
    logs: tuple[str, ...] = ()
    otlp_protocol: str = "http/protobuf"

    @property
    def enabled(self) -> bool:
        return bool(self.traces or self.metrics or self.logs)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> TelemetryConfig:
        env = os.environ if env is None else env
        if env.get("OTEL_SDK_DISABLED", "").strip().lower() == "true":
            return cls()
        return cls(
            traces=_exporters(env, "OTEL_TRACES_EXPORTER"),
            metrics=_exporters(env, "OTEL_METRICS_EXPORTER"),
            logs=_exporters(env, "OTEL_LOGS_EXPORTER"),
            otlp_protocol=env.get("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf").strip(),
        )
