"""JSON log lines on stderr, each carrying the current trace and span ids.

Only the ``provisor`` logger tree is configured (level from
``PROVISOR_LOG_LEVEL``); libraries keep their own settings. Fields passed with
``extra={"fields": {...}}`` are added to the line; callers pass ids, enums and
codes only (see observer.py), never personal data.
"""

from __future__ import annotations

import logging
import sys
from datetime import UTC, datetime
from typing import IO

import orjson
from opentelemetry import trace

LOGGER = "provisor"
_HANDLER_NAME = "provisor-json"


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        ctx = trace.get_current_span().get_span_context()
        line: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "level": record.levelname.lower(), "logger": record.name,
            "message": record.getMessage(),
            "trace_id": format(ctx.trace_id, "032x") if ctx.is_valid else "",
            "span_id": format(ctx.span_id, "016x") if ctx.is_valid else "",
        }
        fields = getattr(record, "fields", None)
        if isinstance(fields, dict):
            line.update(fields)
        if record.exc_info and record.exc_info[0] is not None:
            line["exception.type"] = record.exc_info[0].__name__
        return orjson.dumps(line).decode()


def configure_logging(level: str, stream: IO[str] | None = None,
                      extra_handler: logging.Handler | None = None) -> logging.Logger:
    """(Re)install the JSON handler on the ``provisor`` logger; returns that logger."""
    logger = logging.getLogger(LOGGER)
    for handler in [h for h in logger.handlers if h.get_name().startswith(_HANDLER_NAME)]:
        logger.removeHandler(handler)
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.set_name(_HANDLER_NAME)
    handler.setFormatter(JsonFormatter())
    logger.addHandler(handler)
    if extra_handler is not None:
        extra_handler.set_name(f"{_HANDLER_NAME}-otlp")
        logger.addHandler(extra_handler)
    logger.setLevel(level.upper())
    return logger
