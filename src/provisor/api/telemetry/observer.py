"""The domain's ``Observer`` port: one span, one metric point, one log line per use case.

Span attributes are built from a whitelist of argument names (ids, enums,
flags) and from the outcome; arguments are never dumped, so drafts, names,
emails, filters and secrets cannot leak. The org's IdP is learnt from use
cases that return an organization (every SCIM request authenticates first).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from enum import Enum
from time import perf_counter
from typing import Any

from opentelemetry import trace
from opentelemetry.trace import Span, Status, StatusCode, Tracer

from provisor.api.telemetry.metrics import Instruments
from provisor.domain.errors import DomainError
from provisor.domain.observe import ObservedCall
from provisor.scim.errors import from_domain

# Use cases that only read (a debug log line each, not an info one), by the part of
# their name after the dot: exact names, or get_*/list_*/view_*/*_many.
READS = frozenset({"get", "list", "view", "members", "groups", "member_counts", "authenticate",
                   "authorize", "last_id"})


def is_read(operation: str) -> bool:
    return (operation in READS or operation.startswith(("get_", "list_", "view_"))
            or operation.endswith("_many"))
IDS = ("member_id", "group_id", "credential_id", "target_id")
FLAGS = {"kind": "provisor.credential.kind", "mode": "provisor.scim.disable_mode",
         "via_scim": "provisor.via_scim", "action": "provisor.action",
         "target_type": "provisor.resource.type"}


def _plain(value: object) -> str | bool | int:
    if isinstance(value, Enum):
        return str(value.value)
    return value if isinstance(value, str | bool | int) else type(value).__name__


class IdpCache:
    """org id → IdP name, learnt from results that carry an organization."""

    def __init__(self, limit: int = 10_000) -> None:
        self._idps: dict[str, str] = {}
        self._limit = limit

    def get(self, org_id: str) -> str:
        return self._idps.get(org_id, "unknown") if org_id else "none"

    def learn(self, value: object) -> str | None:
        """Remember the IdP of any organization in ``value``; return its id."""
        learnt = None
        for item in value if isinstance(value, tuple) else (value,):
            settings = getattr(item, "settings", None)
            idp = getattr(settings, "idp", None)
            if settings is not None and isinstance(getattr(item, "id", None), str):
                if len(self._idps) >= self._limit:
                    self._idps.clear()
                self._idps[item.id] = str(_plain(idp)) if idp is not None else "none"
                learnt = item.id
        return learnt


def use_case_attributes(name: str, arguments: Mapping[str, object]) -> dict[str, Any]:
    resource, _, operation = name.partition(".")
    attrs: dict[str, Any] = {"provisor.use_case": name, "provisor.resource.type": resource,
                             "provisor.operation": operation}
    if isinstance(org_id := arguments.get("org_id"), str):
        attrs["provisor.org.id"] = org_id
    for key in IDS:
        if isinstance(value := arguments.get(key), str):
            attrs["provisor.target.id"] = value
    for key, attr in FLAGS.items():
        if key in arguments and arguments[key] is not None:
            attrs[attr] = _plain(arguments[key])
    actor = arguments.get("actor")
    if actor is not None:
        attrs["provisor.actor.type"] = str(_plain(getattr(actor, "type", "")))
        attrs["provisor.actor.source"] = str(getattr(actor, "source", ""))
    return attrs


# What the SCIM facade noted on the request span before the use case ran
# (``provisor.scim.tracing``): the SCIM operation and the IdP quirks tolerated.
CARRIED = ("provisor.scim.operation", "provisor.scim.quirks")


def _request_facts() -> dict[str, Any]:
    """The carried attributes of the current (request) span, when it records them."""
    attributes = getattr(trace.get_current_span(), "attributes", None)
    if not attributes:
        return {}
    return {key: attributes[key] for key in CARRIED if key in attributes}


class _Call:
    def __init__(self, span: Span, attrs: dict[str, Any], idps: IdpCache) -> None:
        self.span, self.attrs, self._idps = span, attrs, idps

    def result(self, value: object) -> None:
        org_id = self._idps.learn(value)
        if org_id and "provisor.org.id" not in self.attrs:
            self._set("provisor.org.id", org_id)
            self._set("provisor.idp", self._idps.get(org_id))
        target = getattr(value, "id", None)
        if isinstance(target, str) and "provisor.target.id" not in self.attrs:
            self._set("provisor.target.id", target)

    def _set(self, key: str, value: str) -> None:
        self.attrs[key] = value
        self.span.set_attribute(key, value)


class TelemetryObserver:
    def __init__(self, tracer: Tracer, instruments: Instruments | None,
                 logger: logging.Logger) -> None:
        self._tracer, self._instruments, self._logger = tracer, instruments, logger
        self.idps = IdpCache()

    @contextmanager
    def __call__(self, name: str, arguments: Mapping[str, object]) -> Iterator[ObservedCall]:
        attrs = use_case_attributes(name, arguments)
        attrs["provisor.idp"] = self.idps.get(attrs.get("provisor.org.id", ""))
        attrs.update(_request_facts())
        started = perf_counter()
        with self._tracer.start_as_current_span(
            name, attributes=attrs, record_exception=False, set_status_on_exception=False,
        ) as span:
            call = _Call(span, attrs, self.idps)
            try:
                yield call
            except DomainError as exc:
                self._failed(span, attrs, "failure", exc.code, exc)
                raise
            except Exception as exc:
                span.set_status(Status(StatusCode.ERROR, type(exc).__name__))
                self._failed(span, attrs, "error", type(exc).__name__, exc)
                raise
            else:
                attrs["provisor.outcome"] = "success"
                span.set_attribute("provisor.outcome", "success")
            finally:
                self._finish(name, attrs, perf_counter() - started)

    def _failed(self, span: Span, attrs: dict[str, Any], outcome: str, code: str,
                exc: Exception) -> None:
        attrs.update({"provisor.outcome": outcome, "provisor.error.code": code})
        if isinstance(exc, DomainError) and attrs.get("provisor.actor.source") == "scim":
            scim_type = from_domain(exc).scim_type
            if scim_type:
                attrs["provisor.scim.type"] = scim_type
        span.set_attributes(attrs)
        span.add_event("exception", {"exception.type": type(exc).__name__})

    def _finish(self, name: str, attrs: dict[str, Any], seconds: float) -> None:
        operation = attrs["provisor.operation"]
        if self._instruments is not None:
            if name == "credential.authenticate" and attrs.get("provisor.outcome") != "success":
                self._instruments.auth_failures.add(1, {
                    "kind": str(attrs.get("provisor.credential.kind", "")),
                    "reason": str(attrs.get("provisor.error.code", ""))})
            self._instruments.record_operation({
                "org": str(attrs.get("provisor.org.id", "")), "idp": str(attrs["provisor.idp"]),
                "resource_type": str(attrs["provisor.resource.type"]), "action": operation,
                "outcome": str(attrs.get("provisor.outcome", "error"))}, seconds)
        level = logging.DEBUG if is_read(operation) else logging.INFO
        if self._logger.isEnabledFor(level):
            fields = {k.removeprefix("provisor."): v for k, v in attrs.items()}
            fields["duration_ms"] = round(seconds * 1000, 3)
            self._logger.log(level, name, extra={"fields": fields})
