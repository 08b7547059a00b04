"""Small helpers shared by the repositories."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from enum import Enum
from typing import TypeVar

from sqlalchemy import Table
from sqlalchemy.exc import IntegrityError

from provisor.domain.errors import Conflict

E = TypeVar("E", bound=Enum)


def by_value(enum: type[E]) -> Callable[[str], E]:
    """``enum(value)`` through a dict: the repositories' row readers run per row on
    the hot paths, and an Enum call is ~1 µs (issue 7). An unknown value still
    raises ``ValueError``, from the Enum."""
    members = {e.value: e for e in enum}

    def read(value: str) -> E:
        return members.get(value) or enum(value)
    return read


def columns_in_order(table: Table, names: tuple[str, ...], reader: str) -> tuple[str, ...]:
    """Guard of a row reader that unpacks by position: a change of the table's
    columns fails at import instead of reading a wrong column."""
    if tuple(table.c.keys()) != names:
        raise RuntimeError(f"{reader} is out of step with the {table.name} table")
    return names


def utc(value: datetime | None) -> datetime | None:
    """Rows come back naive from SQLite and aware from PostgreSQL; make them aware UTC.

    Also applied to values written or compared: SQLite's DateTime drops the
    offset, so an aware non-UTC value must be converted before it is bound.
    """
    if value is None or value.tzinfo is UTC:
        return value
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def must_utc(value: datetime) -> datetime:
    result = utc(value)
    assert result is not None
    return result


def conflict_from(exc: IntegrityError) -> Conflict:
    """A unique index won a race the pre-check lost: report it as a Conflict."""
    text = str(exc.orig).lower()
    for marker, name in (("user_name", "userName"), ("email", "email"),
                         ("external_id", "externalId"), ("display_name", "displayName"),
                         ("slug", "slug"), ("prefix", "prefix")):
        if marker in text:
            return Conflict(f"{name} is already in use in this organization", field=name)
    return Conflict("the change conflicts with existing data")
