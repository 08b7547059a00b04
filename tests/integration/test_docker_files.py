"""docker/: the compose file, the Dockerfile and the collector config agree with the app.

There is no Docker engine here, so the files are parsed and cross-checked:
every referenced file exists, every port lines up, every ``PROVISOR_*`` and
``OTEL_*`` variable is one the app reads, and the image runs the real CLI.
"""

from __future__ import annotations

import json
import re
from ipaddress import ip_address
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml

from provisor.api.cli import parser
from provisor.api.telemetry import OTEL_VARIABLES
from provisor.store.engine import normalize_url

ROOT = Path(__file__).resolve().parents[2]
DOCKER = ROOT / "docker"


def _compose() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((DOCKER / "compose.yaml").read_text())
    return loaded


def _collector() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((DOCKER / "otel-collector.yaml").read_text())
    return loaded


def _dockerfile() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) with line continuations joined and comments dropped."""
    text = re.sub(r"\\\n", " ", (DOCKER / "Dockerfile").read_text())
    lines = [ln.strip() for ln in text.splitlines()
             if ln.strip() and not ln.strip().startswith("#")]
    return [(ln.split(None, 1)[0].upper(), ln.split(None, 1)[1] if " " in ln else "")
            for ln in lines]


def _exec_form(args: str) -> list[str]:
    parsed: list[str] = json.loads(args)
    return parsed


def _app_services() -> dict[str, dict[str, Any]]:
    return {name: svc for name, svc in _compose()["services"].items()
            if svc.get("image") == "provisor:local"}


def _variables_read_by_the_app() -> set[str]:
    source = "\n".join(p.read_text() for p in (ROOT / "src" / "provisor").rglob("*.py"))
    return set(re.findall(r"PROVISOR_[A-Z0-9_]+", source)) | set(OTEL_VARIABLES)


def test_every_file_the_compose_file_and_dockerfile_reference_exists() -> None:
    for svc in _compose()["services"].values():
        build = svc.get("build")
        if build:
            assert (DOCKER / build["context"] / build["dockerfile"]).is_file()
        for volume in svc.get("volumes", []):
            source = volume.split(":", 1)[0]
            if source.startswith("."):
                assert (DOCKER / source).is_file(), source
    for instruction, args in _dockerfile():
        if instruction == "COPY" and "--from=" not in args:
            for source in args.split()[:-1]:
                assert (ROOT / source).exists(), source


def test_every_provisor_and_otel_variable_in_the_compose_file_is_read_by_the_app() -> None:
    known = _variables_read_by_the_app()
    services = _app_services()
    assert {"migrate", "app1", "app2"} <= set(services)
    for name, svc in services.items():
        env = svc["environment"]
        ours = {k for k in env if k.startswith(("PROVISOR_", "OTEL_"))}
        assert ours, name
        assert ours <= known, (name, sorted(ours - known))


def test_the_app_services_reach_postgres_redis_and_the_collector_by_service_name() -> None:
    compose = _compose()
    services, pg = compose["services"], compose["services"]["postgres"]["environment"]
    for svc in _app_services().values():
        env = svc["environment"]
        db = normalize_url(env["PROVISOR_DATABASE_URL"])
        assert db.get_backend_name() == "postgresql" and db.host in services
        assert (db.username, db.password, db.database) == (
            pg["POSTGRES_USER"], pg["POSTGRES_PASSWORD"], pg["POSTGRES_DB"])
        assert urlsplit(env["PROVISOR_REDIS_URL"]).hostname in services
        otlp = urlsplit(env["OTEL_EXPORTER_OTLP_ENDPOINT"])
        assert otlp.hostname in services
        receivers = _collector()["receivers"]["otlp"]["protocols"]
        protocol = "grpc" if env["OTEL_EXPORTER_OTLP_PROTOCOL"] == "grpc" else "http"
        assert receivers[protocol]["endpoint"].endswith(f":{otlp.port}")


def test_published_ports_match_what_the_containers_listen_on() -> None:
    expose = {args for ins, args in _dockerfile() if ins == "EXPOSE"}
    cmd = _exec_form(dict(_dockerfile())["CMD"])
    port = cmd[cmd.index("--port") + 1]
    assert expose == {port}
    for name in ("app1", "app2"):
        [mapping] = _compose()["services"][name]["ports"]
        assert mapping.split(":")[-1] == port
    receivers = _collector()["receivers"]["otlp"]["protocols"]
    published = {p.split(":")[-1].split()[0] for p in
                 _compose()["services"]["otel-collector"]["ports"]}
    assert {r["endpoint"].rsplit(":", 1)[1] for r in receivers.values()} == published


def test_the_image_runs_the_provisor_cli_and_checks_readyz() -> None:
    instructions = dict(_dockerfile())
    pyproject = (ROOT / "pyproject.toml").read_text()
    entrypoint = _exec_form(instructions["ENTRYPOINT"])
    assert entrypoint == ["provisor"] and 'provisor = "provisor.api.cli:main"' in pyproject
    serve = parser().parse_args(_exec_form(instructions["CMD"]))
    assert serve.command == "serve" and ip_address(serve.host).is_unspecified
    health = " ".join(_exec_form(instructions["HEALTHCHECK"].split("CMD", 1)[1].strip()))
    assert f"127.0.0.1:{serve.port}/readyz" in health
    for svc in _app_services().values():
        if "command" in svc:
            assert parser().parse_args(svc["command"]).command == "migrate"


@pytest.mark.parametrize("name", ["app1", "app2"])
def test_app_replicas_start_after_a_successful_migration(name: str) -> None:
    depends = _compose()["services"][name]["depends_on"]
    assert depends["migrate"]["condition"] == "service_completed_successfully"
    migrate = parser().parse_args(_compose()["services"]["migrate"]["command"])
    assert migrate.command == "migrate"
