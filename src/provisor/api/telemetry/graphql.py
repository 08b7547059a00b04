"""Strawberry's OpenTelemetry extension, configured so GraphQL spans carry no input.

A span per operation (and per resolver) comes from strawberry's
``OpenTelemetryExtension``; resolver arguments are filtered out entirely
(they hold emails and names), and the ``query`` document attribute is
dropped by the scrubbing span processor (literals in it are user input).
"""

from __future__ import annotations

from functools import partial
from typing import Any

from graphql import GraphQLResolveInfo
from opentelemetry.trace import TracerProvider
from strawberry.extensions.tracing import OpenTelemetryExtension


def no_arguments(arguments: dict[str, Any], info: GraphQLResolveInfo[Any]) -> dict[str, Any]:
    return {}


def extensions(tracer_provider: TracerProvider) -> list[Any]:
    return [partial(OpenTelemetryExtension, tracer_provider=tracer_provider,
                    arg_filter=no_arguments)]
