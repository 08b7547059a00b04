"""OpenTelemetry for Provisor: traces, metrics and JSON logs, off unless configured.

``from_env`` reads the standard ``OTEL_*`` variables (see config.py) and
``PROVISOR_LOG_LEVEL``; it returns ``None`` when nothing is asked for, and the
composition root then installs no observer, no instrumentation and no
middleware, so the hot path pays nothing. Tests build a ``Telemetry`` with
their own providers (in-memory exporters) through ``Telemetry.create``:
OpenTelemetry's global providers can be set only once per process, so nothing
here depends on them except ``from_env`` in a real server process.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from fastapi import FastAPI
from opentelemetry import trace
from opentelemetry.metrics import NoOpMeterProvider
from opentelemetry.sdk.metrics import MeterProvider
from opentelemetry.sdk.trace import TracerProvider
from sqlalchemy import Engine

from provisor.api.settings import Settings
from provisor.api.telemetry import metrics, providers
from provisor.api.telemetry.config import OTEL_VARIABLES, TelemetryConfig
from provisor.api.telemetry.engine import instrument_engine, uninstrument_engine
from provisor.api.telemetry.http import instrument_app
from provisor.api.telemetry.logs import configure_logging
from provisor.api.telemetry.metrics import (
    count_auth_failure,
    count_rate_limited,
    record_rate_limited,
)
from provisor.api.telemetry.observer import TelemetryObserver


def current_trace_id() -> str:
    """The current span's trace id as 32 hex digits, "" outside any trace."""
    ctx = trace.get_current_span().get_span_context()
    return format(ctx.trace_id, "032x") if ctx.is_valid else ""


@dataclass
class Telemetry:
    tracer_provider: TracerProvider | None
    meter_provider: MeterProvider | None
    observer: TelemetryObserver
    engines: list[Engine] = field(default_factory=list)

    @classmethod
    def create(cls, *, tracer_provider: TracerProvider | None = None,
               meter_provider: MeterProvider | None = None,
               logger: logging.Logger | None = None) -> Telemetry:
        tracer = (tracer_provider or trace.NoOpTracerProvider()).get_tracer("provisor")
        instruments = metrics.activate(meter_provider) if meter_provider else None
        observer = TelemetryObserver(tracer, instruments, logger or logging.getLogger("provisor"))
        return cls(tracer_provider, meter_provider, observer)

    def instrument_engine(self, engine: Engine) -> None:
        if self.tracer_provider is not None:
            instrument_engine(engine, self.tracer_provider,
                              self.meter_provider or NoOpMeterProvider())
            self.engines.append(engine)

    def instrument_app(self, app: FastAPI) -> None:
        if self.tracer_provider is not None:
            instrument_app(app, self.tracer_provider, self.meter_provider)

    def graphql_extensions(self) -> tuple[Any, ...]:
        """Strawberry extensions for the GraphQL schema (an operation span each)."""
        if self.tracer_provider is None:
            return ()
        from provisor.api.telemetry.graphql import extensions

        return tuple(extensions(self.tracer_provider))

    def shutdown(self) -> None:
        for engine in self.engines:
            uninstrument_engine(engine)
        metrics.deactivate()
        if self.tracer_provider is not None:
            self.tracer_provider.shutdown()
        if self.meter_provider is not None:
            self.meter_provider.shutdown()


def from_env(settings: Settings) -> Telemetry | None:
    """Telemetry as ``OTEL_*`` and ``PROVISOR_LOG_LEVEL`` ask, or ``None`` when all is off."""
    config = TelemetryConfig.from_env()
    logger = configure_logging(settings.log_level, extra_handler=providers.log_handler(config))
    if not (config.traces or config.metrics or logger.isEnabledFor(logging.INFO)):
        return None
    tracer_provider = providers.tracer_provider(config) if config.traces else None
    meter_provider = providers.meter_provider(config) if config.metrics else None
    if tracer_provider is not None:
        trace.set_tracer_provider(tracer_provider)  # for libraries that use the global one
    return Telemetry.create(tracer_provider=tracer_provider, meter_provider=meter_provider,
                            logger=logger)


__all__ = ["OTEL_VARIABLES", "Telemetry", "TelemetryConfig", "configure_logging",
           "count_auth_failure", "count_rate_limited", "current_trace_id", "from_env",
           "record_rate_limited"]
