"""A span per SQL statement on one engine (not a global ``create_engine`` patch).

``SQLAlchemyInstrumentor().instrument()`` patches ``create_engine`` process-wide
and can be applied only once; ``EngineTracer`` instruments just the engine we
pass, with the provider we pass. ``db.statement`` holds the SQL text with its
placeholders; bound parameter values are never recorded by the instrumentation.
"""

from __future__ import annotations

from opentelemetry.instrumentation.sqlalchemy.engine import EngineTracer
from opentelemetry.metrics import MeterProvider
from opentelemetry.trace import TracerProvider
from sqlalchemy import Engine, event


def instrument_engine(
    engine: Engine, tracer_provider: TracerProvider, meter_provider: MeterProvider
) -> None:
    usage = meter_provider.get_meter("provisor.sql").create_up_down_counter(
        "db.client.connections.usage", unit="connections"
    )
    EngineTracer(  # type: ignore[no-untyped-call]
        tracer_provider.get_tracer("provisor.sql"), engine, usage, enable_commenter=False
    )


def uninstrument_engine(engine: Engine) -> None:
    """Remove this engine's listeners only (``remove_all_event_listeners`` would
    remove every engine's)."""
    params = EngineTracer._remove_event_listener_params
    for entry in [p for p in params if p[0]() is engine]:
        _, identifier, func = entry
        if event.contains(engine, identifier, func):
            event.remove(engine, identifier, func)
        params.remove(entry)


__all__ = ["instrument_engine", "uninstrument_engine"]
