"""Configuration only through OTEL_* variables; off by default, at no cost."""

from __future__ import annotations

import pytest

from provisor.api.app import create_app
from provisor.api.bootstrap import build
from provisor.api.settings import Settings
from provisor.api.telemetry import TelemetryConfig, from_env
from provisor.domain.observe import no_observer


def test_with_no_otel_variables_telemetry_is_off(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("OTEL_TRACES_EXPORTER", "OTEL_METRICS_EXPORTER", "OTEL_LOGS_EXPORTER"):
        monkeypatch.delenv(name, raising=False)
    assert from_env(Settings(log_level="WARNING")) is None


def test_when_off_no_observer_and_no_middleware_are_installed(
    monkeypatch: pytest.MonkeyPatch, database_url: str,
) -> None:
    monkeypatch.delenv("OTEL_TRACES_EXPORTER", raising=False)
    monkeypatch.delenv("OTEL_METRICS_EXPORTER", raising=False)
    container = build(Settings(database_url=database_url, hash_cost="low"))
    try:
        app = create_app(container=container)
        assert container.telemetry is None and container.deps.observer is no_observer
        assert container.deps.trace_id() == ""
        assert not getattr(app, "_is_instrumented_by_opentelemetry", False)
    finally:
        container.engine.dispose()


def test_exporters_are_chosen_by_the_standard_variables() -> None:
    config = TelemetryConfig.from_env({"OTEL_TRACES_EXPORTER": "otlp,console",
                                       "OTEL_METRICS_EXPORTER": "none",
                                       "OTEL_EXPORTER_OTLP_PROTOCOL": "grpc"})
    assert (config.traces, config.metrics, config.otlp_protocol) == (
        ("otlp", "console"), (), "grpc")
    assert TelemetryConfig.from_env({"OTEL_TRACES_EXPORTER": "otlp",
                                     "OTEL_SDK_DISABLED": "true"}).enabled is False


def test_an_unknown_exporter_is_refused_by_name() -> None:
    with pytest.raises(ValueError, match="OTEL_TRACES_EXPORTER"):
        TelemetryConfig.from_env({"OTEL_TRACES_EXPORTER": "zipkin"})


def test_an_info_log_level_alone_turns_on_the_observer_for_write_logs(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("OTEL_TRACES_EXPORTER", raising=False)
    telemetry = from_env(Settings(log_level="INFO"))
    try:
        assert telemetry is not None and telemetry.tracer_provider is None
    finally:
        from_env(Settings(log_level="WARNING"))
