"""The filter and listing language of the domain, independent of SCIM syntax.

A facade parses its own syntax (the SCIM facade uses scim2-models' grammar)
and builds these nodes; the store compiles them to SQL. Attribute paths are
the resource's JSON paths, e.g. ``("name", "givenName")`` or
``(ENTERPRISE_URN, "department")``; a multi-valued attribute is matched with
:class:`AnyOf`, whose inner filter uses paths relative to one value.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Generic, TypeVar

T = TypeVar("T")


class Op(StrEnum):
    EQ = "eq"
    NE = "ne"
    CO = "co"
    SW = "sw"
    EW = "ew"
    GT = "gt"
    GE = "ge"
    LT = "lt"
    LE = "le"


class ValueType(StrEnum):
    STRING = "string"
    BOOLEAN = "boolean"
    INTEGER = "integer"
    DECIMAL = "decimal"
    DATETIME = "dateTime"
    REFERENCE = "reference"
    BINARY = "binary"


@dataclass(frozen=True, slots=True)
class Attr:
    path: tuple[str, ...]
    type: ValueType = ValueType.STRING
    case_exact: bool = False


@dataclass(frozen=True, slots=True)
class Compare:
    attr: Attr
    op: Op
    value: Any


@dataclass(frozen=True, slots=True)
class Present:
    attr: Attr


@dataclass(frozen=True, slots=True)
class And:
    terms: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Or:
    terms: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Not:
    term: Node


@dataclass(frozen=True, slots=True)
class AnyOf:
    """True when some value of the multi-valued ``attr`` matches ``where``."""

    attr: Attr
    where: Node


Node = Compare | Present | And | Or | Not | AnyOf


@dataclass(frozen=True, slots=True)
class ListQuery:
    """One page request. ``cursor`` (RFC 9865) and ``start_index`` are exclusive."""

    filter: Node | None = None
    sort: Attr | None = None
    descending: bool = False
    start_index: int = 1
    count: int = 100
    cursor: str | None = None
    use_cursor: bool = False
    # ``sort`` names a multi-valued attribute (``emails.value``, an org's custom
    # ``tags``): sort by its primary value, else its first (RFC 7644 §3.4.2.3).
    sort_multi: bool = False


@dataclass(slots=True)
class Page(Generic[T]):
    items: list[T]
    total: int
    next_cursor: str | None = None
    previous_cursor: str | None = None
    start_index: int = 1
    extra: dict[str, Any] = field(default_factory=dict)
