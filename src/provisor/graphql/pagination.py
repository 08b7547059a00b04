"""Relay pagination on top of the domain's offset listing.

Cursors are opaque offsets (``base64("o:<n>")``): the listings a dashboard
shows are sorted by user choice, where an offset is the one position every
order shares. ``first`` is capped at ``MAX_PAGE``.
"""

from __future__ import annotations

import base64
import binascii

from provisor.graphql.errors import PublicError

MAX_PAGE = 100
DEFAULT_PAGE = 50


def page_size(first: int | None) -> int:
    size = DEFAULT_PAGE if first is None else first
    if not 0 <= size <= MAX_PAGE:
        raise PublicError(f"first must be between 0 and {MAX_PAGE}", "BAD_USER_INPUT")
    return size


def encode(prefix: str, value: int | str) -> str:
    return base64.urlsafe_b64encode(f"{prefix}:{value}".encode()).decode()


def decode(prefix: str, cursor: str) -> str:
    try:
        raw = base64.urlsafe_b64decode(cursor.encode("ascii")).decode()
    except (binascii.Error, UnicodeError, ValueError) as exc:
        raise PublicError("the cursor is not valid", "BAD_USER_INPUT") from exc
    kind, _, value = raw.partition(":")
    if kind != prefix or not value:
        raise PublicError("the cursor is not valid", "BAD_USER_INPUT")
    return value


def offset_after(cursor: str | None) -> int:
    """The offset of the first item after ``cursor`` (0 without one)."""
    if cursor is None:
        return 0
    value = decode("o", cursor)
    if not value.isdigit():
        raise PublicError("the cursor is not valid", "BAD_USER_INPUT")
    return int(value) + 1


def event_after(cursor: str | None) -> int | None:
    """The event id a cursor points at (events page by id, oldest first)."""
    if cursor is None:
        return None
    value = decode("e", cursor)
    if not value.isdigit():
        raise PublicError("the cursor is not valid", "BAD_USER_INPUT")
    return int(value)
