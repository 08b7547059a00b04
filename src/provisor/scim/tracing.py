"""Annotate the current request's span with SCIM facts, through opentelemetry-api only.

The SCIM facade may call these without knowing whether tracing is on: with no
SDK installed the current span is a non-recording no-op and this costs two
attribute lookups. Values must be protocol vocabulary (operation names, quirk
identifiers, scimType), never request data.

    annotate(operation="patch")                  provisor.scim.operation
    tolerated("entra.capitalized_op")            provisor.scim.quirks (+ an event)
    annotate(scim_type="invalidFilter")          provisor.scim.type
"""

from __future__ import annotations

from opentelemetry import trace


def annotate(*, operation: str | None = None, scim_type: str | None = None) -> None:
    span = trace.get_current_span()
    if not span.is_recording():
        return
    if operation:
        span.set_attribute("provisor.scim.operation", operation)
    if scim_type:
        span.set_attribute("provisor.scim.type", scim_type)


def tolerated(quirk: str) -> None:
    """Record that an IdP quirk (``entra.capitalized_op``, RFC-deviating input) was accepted."""
    span = trace.get_current_span()
    if not span.is_recording():
        return
    span.add_event("scim.quirk_tolerated", {"provisor.scim.quirk": quirk})
    attributes = getattr(span, "attributes", None) or {}
    previous = tuple(attributes.get("provisor.scim.quirks", ()))
    if quirk not in previous:
        span.set_attribute("provisor.scim.quirks", (*previous, quirk))
