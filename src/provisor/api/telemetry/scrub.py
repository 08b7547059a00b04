"""Remove personal data and secrets from spans before any exporter sees them.

Instrumentation libraries record what they see: full URLs with query strings
(a SCIM ``filter=userName eq "a@b.c"`` is personal data), GraphQL documents
and resolver arguments, exception messages that may quote input. This span
processor wraps the exporting processor and hands it a scrubbed copy of each
finished span, so the rule holds for every attribute, whichever library set
it. Written by hand because the SDK has no attribute-redaction processor;
the collector's ``attributes/scrub`` processor (docker/) is a second line.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from opentelemetry.context import Context
from opentelemetry.sdk.trace import Event, ReadableSpan, Span, SpanProcessor
from opentelemetry.trace import Status

DROPPED_KEYS = frozenset({"url.query", "query", "graphql.document", "exception.message",
                          "exception.stacktrace", "enduser.id", "db.query.parameters"})
DROPPED_PREFIXES = ("graphql.param.", "http.request.header.", "http.response.header.",
                    "db.query.parameter.", "enduser.")
URL_KEYS = frozenset({"http.url", "url.full", "http.target"})
EMAIL = re.compile(r"[^\s\"'@<>(),;:]+@[^\s\"'@<>(),;:]+")
REDACTED = "[redacted]"


def _scrub_url(value: str) -> str:
    """Keep scheme, host and path; drop userinfo, query and fragment."""
    value = value.split("#", 1)[0].split("?", 1)[0]
    scheme, sep, rest = value.partition("://")
    if sep and "@" in rest.split("/", 1)[0]:
        rest = rest.split("@", 1)[1]
    return f"{scheme}{sep}{rest}"


def _scrub_value(value: Any) -> Any:
    if isinstance(value, str):
        return EMAIL.sub(REDACTED, value)
    if isinstance(value, tuple | list):
        return tuple(_scrub_value(v) for v in value)
    return value


def scrub_attributes(attributes: Mapping[str, Any] | None) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in (attributes or {}).items():
        if key in DROPPED_KEYS or key.startswith(DROPPED_PREFIXES):
            continue
        if key in URL_KEYS and isinstance(value, str):
            value = _scrub_url(value)
        out[key] = _scrub_value(value)
    return out


def scrub_span(span: ReadableSpan) -> ReadableSpan:
    events = [Event(e.name, scrub_attributes(e.attributes), e.timestamp) for e in span.events]
    description = span.status.description
    status = Status(span.status.status_code,
                    description.split(":", 1)[0] if description else None)
    return ReadableSpan(
        name=span.name, context=span.context, parent=span.parent, resource=span.resource,
        attributes=scrub_attributes(span.attributes), events=events, links=span.links,
        kind=span.kind, status=status, start_time=span.start_time, end_time=span.end_time,
        instrumentation_scope=span.instrumentation_scope,
    )


class ScrubbingSpanProcessor(SpanProcessor):
    """Forwards scrubbed copies of finished spans to ``inner``."""

    def __init__(self, inner: SpanProcessor) -> None:
        self._inner = inner

    def on_start(self, span: Span, parent_context: Context | None = None) -> None:
        self._inner.on_start(span, parent_context)

    def on_end(self, span: ReadableSpan) -> None:
        self._inner.on_end(scrub_span(span))

    def shutdown(self) -> None:
        self._inner.shutdown()

    def force_flush(self, timeout_millis: int = 30000) -> bool:
        return self._inner.force_flush(timeout_millis)
