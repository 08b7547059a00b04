"""An app of its own with telemetry on, exporting to in-memory readers.

OpenTelemetry's global providers can be set once per process, so nothing here
touches them: the providers are created per module and handed to
``Telemetry.create``; the app, engine and container are this module's own,
so the session-wide app other tests use stays uninstrumented.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from opentelemetry.sdk.metrics import MeterProvider
from opentelemetry.sdk.metrics.export import InMemoryMetricReader
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from starlette.testclient import TestClient

from provisor.api.app import create_app
from provisor.api.bootstrap import Container, build
from provisor.api.settings import Settings
from provisor.api.telemetry import Telemetry, configure_logging
from provisor.api.telemetry.providers import export_spans_to
from tests.conftest import ReadyOrg, make_org


@dataclass
class Observed:
    container: Container
    client: TestClient
    spans_exporter: InMemorySpanExporter
    metrics_reader: InMemoryMetricReader
    log: io.StringIO

    def spans(self) -> list[ReadableSpan]:
        return list(self.spans_exporter.get_finished_spans())

    def metric_points(self) -> list[tuple[str, dict[str, Any]]]:
        data = self.metrics_reader.get_metrics_data()
        return [(m.name, dict(p.attributes or {}))
                for rm in (data.resource_metrics if data else [])
                for sm in rm.scope_metrics for m in sm.metrics for p in m.data.data_points]

    def log_lines(self) -> list[str]:
        return [line for line in self.log.getvalue().splitlines() if line]

    def reset(self) -> None:
        self.spans_exporter.clear()
        self.log.seek(0)
        self.log.truncate()

    def new_org(self) -> ReadyOrg:
        return make_org(self.container.deps, "obs")


@pytest.fixture(scope="module")
def observed(database_url: str) -> Iterator[Observed]:
    exporter, reader, log = InMemorySpanExporter(), InMemoryMetricReader(), io.StringIO()
    tracer_provider = TracerProvider()
    export_spans_to(tracer_provider, exporter, batch=False)
    logger = configure_logging("INFO", log)
    telemetry = Telemetry.create(tracer_provider=tracer_provider,
                                 meter_provider=MeterProvider(metric_readers=[reader]),
                                 logger=logger)
    container = build(Settings(database_url=database_url, hash_cost="low",
                               platform_key="test-platform-key"), telemetry=telemetry)
    with TestClient(create_app(container=container)) as client:
        yield Observed(container, client, exporter, reader, log)
    telemetry.shutdown()
    container.engine.dispose()
    configure_logging("WARNING")
    logging.getLogger("provisor").setLevel(logging.WARNING)


@pytest.fixture
def obs(observed: Observed) -> Observed:
    observed.reset()
    return observed
