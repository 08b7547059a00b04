"""Compile the domain filter AST (``provisor.domain.query``) to SQL WHERE clauses.

No library compiles a SCIM filter tree onto a JSON-document-plus-columns
schema on both SQLite and PostgreSQL, so this is written here: attributes the
hot paths use are real columns (with their indexes); every other attribute is
a JSON path into ``profile``; multi-valued attributes are matched with an
EXISTS over the array's elements (``json_each`` / ``jsonb_array_elements``).

Values in ``profile`` are compared by their type: numbers as numbers
(``numeric`` on PostgreSQL, where ``#>>`` gives text) and dateTimes as
instants (``timestamptz`` on PostgreSQL; on SQLite, where there is no such
type, as UTC text in one fixed width, see ``instant``).

Absent attributes compare as SQL NULL; ``not`` and ``ne`` treat a NULL
comparison as false first, so ``not (title eq "x")`` keeps members with no
title, as RFC 7644 §3.4.2.2 reads.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    TIMESTAMP,
    ColumnElement,
    Numeric,
    Text,
    and_,
    case,
    cast,
    exists,
    false,
    func,
    literal,
    literal_column,
    not_,
    or_,
    select,
    true,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.sql.elements import KeyedColumnElement

from provisor.domain.custom_attributes import CUSTOM_URN_PREFIX
from provisor.domain.errors import InvalidFilter
from provisor.domain.query import And, AnyOf, Attr, Compare, Node, Not, Op, Or, Present, ValueType

Expr = ColumnElement[Any]
Path = tuple[str, ...]


@dataclass(frozen=True)
class Column:
    """A real column behind an attribute; ``ci`` is its stored lowercase twin.

    ``json`` is set for a value read out of a JSON document rather than a typed
    column (``expr`` is then text on PostgreSQL, native on SQLite, and its
    dateTimes are ISO text): the JSON value itself, whose type PostgreSQL tells.
    """

    expr: Expr
    ci: Expr | None = None
    type: ValueType = ValueType.STRING
    json: Expr | None = None


@dataclass
class Resource:
    """How one resource type's attributes map onto its table."""

    columns: dict[Path, Column]
    document: KeyedColumnElement[Any] | None
    multi: dict[Path, Callable[[Compiler, Node], Expr]] = field(default_factory=dict)
    # One element of an array of simple values: ``value`` names the element itself.
    element: Expr | None = None


@dataclass
class Compiler:
    resource: Resource
    dialect: str

    def compile(self, node: Node) -> Expr:
        match node:
            case And(terms):
                return and_(*(self.compile(t) for t in terms))
            case Or(terms):
                return or_(*(self.compile(t) for t in terms))
            case Not(term):
                return not_(func.coalesce(self.compile(term), false()))
            case Present(attr):
                return self._present(attr)
            case Compare(attr, op, value):
                return self._compare(attr, op, value)
            case AnyOf(attr, where):
                return self._any_of(attr, where)
        raise InvalidFilter("unsupported filter expression")

    # -- attributes ------------------------------------------------------
    def _column(self, attr: Attr) -> Column:
        known = self.resource.columns.get(attr.path)
        if known is not None:
            return known
        if self.resource.element is not None and attr.path == ("value",):
            return Column(element_text(self.dialect, self.resource.element), None,
                          attr.type, json=self.resource.element)
        if self.resource.document is None:
            raise InvalidFilter(f"attribute {'.'.join(attr.path)} cannot be filtered")
        doc = self.resource.document
        return Column(json_text(self.dialect, doc, attr.path), None, attr.type,
                      json=json_value(self.dialect, doc, attr.path))

    def _present(self, attr: Attr) -> Expr:
        col = self._column(attr)
        if col.type is ValueType.STRING:
            return and_(col.expr.is_not(None), col.expr != "")
        return col.expr.is_not(None)

    def _compare(self, attr: Attr, op: Op, value: Any) -> Expr:
        col = self._column(attr)
        if op is Op.NE:
            return not_(func.coalesce(self._compare(attr, Op.EQ, value), false()))
        kind = col.type
        if value is None:
            return col.expr.is_(None) if op is Op.EQ else false()
        if kind is ValueType.BOOLEAN:
            return self._boolean(col, op, value)
        if kind in (ValueType.INTEGER, ValueType.DECIMAL):
            return _ordered(number(self.dialect, col.expr, col.json), op, _as_number(value))
        if kind is ValueType.DATETIME:
            if col.json is not None:
                return _ordered(instant(self.dialect, col.expr), op,
                                _instant_value(self.dialect, value))
            return _ordered(col.expr, op, _as_datetime(value))
        return self._string(col, attr.case_exact, op, str(value))

    def _boolean(self, col: Column, op: Op, value: Any) -> Expr:
        if op is not Op.EQ or not isinstance(value, bool):
            raise InvalidFilter("a boolean attribute takes eq/ne with true or false")
        if col.ci is not None:  # a column with a boolean meaning (e.g. active)
            return col.ci if value else not_(col.ci)
        if self.dialect == "sqlite":
            return col.expr == (1 if value else 0)
        return col.expr == ("true" if value else "false")

    def _string(self, col: Column, case_exact: bool, op: Op, value: str) -> Expr:
        expr, needle = col.expr, value
        if not case_exact:
            expr, needle = (col.ci, value.lower()) if col.ci is not None else (
                func.lower(col.expr), value.lower())
        if op is Op.EQ:
            return expr == needle
        if op in (Op.GT, Op.GE, Op.LT, Op.LE):
            return _ordered(expr, op, needle)
        return _substring(self.dialect, expr, op, needle)

    def _any_of(self, attr: Attr, where: Node) -> Expr:
        custom = self.resource.multi.get(attr.path)
        if custom is not None:
            return custom(self, where)
        if self.resource.document is None:
            raise InvalidFilter(f"attribute {'.'.join(attr.path)} cannot be filtered")
        element = elements(self.dialect, self.resource.document, attr.path)
        if simple_values(attr.path):
            inner = Compiler(Resource({}, None, element=element.c.value), self.dialect)
            return exists(select(literal(1)).select_from(element).where(inner.compile(where)))
        inner = Compiler(Resource({}, element.c.value), self.dialect)
        if self.dialect == "sqlite":  # a scalar array element: compare the value itself
            inner.resource.columns[("value",)] = Column(
                func.coalesce(func.json_extract(element.c.value, "$.value"),
                              element.c.value))
        return exists(select(literal(1)).select_from(element).where(inner.compile(where)))


def json_text(dialect: str, doc: Expr, path: Path) -> Expr:
    """The value at ``path`` as SQL (text on PostgreSQL; native on SQLite)."""
    if dialect == "sqlite":
        return func.json_extract(doc, "$" + "".join(f'."{_safe_key(p)}"' for p in path))
    return doc.op("#>>")(_pg_path(path))


def json_value(dialect: str, doc: Expr, path: Path) -> Expr:
    """The JSON value at ``path`` itself (``jsonb`` on PostgreSQL, where ``json_text`` is text)."""
    if dialect == "sqlite":
        return json_text(dialect, doc, path)
    return doc.op("#>")(_pg_path(path))


def elements(dialect: str, doc: Expr, path: Path, *, with_index: bool = False) -> Any:
    """The array at ``path`` as rows with a ``value`` column (and, ``with_index``,
    a ``key`` column: the element's position in the array)."""
    if dialect == "sqlite":
        each = func.json_each(doc, "$" + "".join(f'."{_safe_key(p)}"' for p in path))
        # json_each's ``key`` is an array element's index
        return (each.table_valued("value", "key") if with_index
                else each.table_valued("value")).alias("elem")
    array = func.coalesce(doc.op("#>")(_pg_path(path)), cast(literal("[]"), JSONB))
    rows = func.jsonb_array_elements(array)
    if with_index:  # named columns: ``AS elem(value, key)``
        return rows.table_valued("value", with_ordinality="key").render_derived(name="elem")
    return rows.table_valued("value").alias("elem")


def simple_values(path: Path) -> bool:
    """Whether the array at ``path`` holds simple values rather than objects.

    An org's custom attributes have simple types only (``CustomAttributeType``),
    so a multi-valued one is an array of strings, numbers, booleans or dateTimes;
    the core and enterprise multi-valued attributes are all complex (RFC 7643 §4.1.2).
    """
    return len(path) == 2 and path[0].startswith(CUSTOM_URN_PREFIX + ":")


def element_text(dialect: str, value: Expr) -> Expr:
    """One simple array element as ``json_text`` gives a value: native on SQLite
    (``json_each``'s ``value``), text on PostgreSQL (``#>> '{}'`` unwraps a scalar)."""
    if dialect == "sqlite":
        return value
    return value.op("#>>")(literal_column("'{}'::text[]"))


def _pg_path(path: Path) -> Expr:
    """A PostgreSQL ``text[]`` path for ``#>``/``#>>`` (a bound array, never spliced)."""
    return literal([_safe_key(p) for p in path], type_=ARRAY(Text))


def _safe_key(key: str) -> str:
    if '"' in key or "\\" in key or "}" in key or "{" in key or "," in key:
        raise InvalidFilter("attribute names cannot contain quotes, braces or commas")
    return key


# A value of the wrong JSON type (an attribute removed and defined again with
# another type keeps its old values, see ``domain.usecases.custom_attributes``)
# compares as absent, as SQL NULL: a failed cast would abort the query on
# PostgreSQL, and SQLite would order text after every number.
_PG_INSTANT = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,6})?Z$"
_GLOB_SECONDS = "[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]"


def number(dialect: str, expr: Expr, json: Expr | None = None) -> Expr:
    """A number as SQL; from JSON (``json``, see ``Column``), only a JSON number:
    native on SQLite, ``numeric`` from ``#>>``'s text on PostgreSQL."""
    if json is None:
        return expr if dialect == "sqlite" else cast(expr, Numeric)
    if dialect == "sqlite":
        return case((func.typeof(expr).in_(("integer", "real")), expr))
    return case((func.jsonb_typeof(json) == "number", cast(expr, Numeric)))


def instant(dialect: str, expr: Expr) -> Expr:
    """A dateTime stored as JSON text, as something that compares and sorts as an instant.

    Stored values are UTC ``isoformat()`` text ending in ``Z`` (``scim.custom``),
    with microseconds only when there are some: ``…T08:00:00Z`` or
    ``…T08:00:00.500000Z``. On PostgreSQL the text is cast to ``timestamptz``.
    SQLite has no timestamp type and its date functions keep milliseconds only,
    so the text is padded to the one fixed width ``…T08:00:00.000000Z``, in
    which text order is time order; ``_instant_value`` writes the parameter so.
    """
    if dialect == "sqlite":
        return case(
            (expr.op("GLOB")(literal(_GLOB_SECONDS + "Z")),
             func.replace(expr, "Z", ".000000Z")),
            (expr.op("GLOB")(literal(_GLOB_SECONDS + ".[0-9][0-9][0-9][0-9][0-9][0-9]Z")),
             expr))
    return case((expr.op("~")(literal(_PG_INSTANT)), cast(expr, TIMESTAMP(timezone=True))))


def _instant_value(dialect: str, value: Any) -> Any:
    """The parameter an ``instant`` is compared with: an aware datetime on
    PostgreSQL, fixed-width UTC text (see ``instant``) on SQLite."""
    moment = _as_datetime(value)
    if dialect == "sqlite":
        return moment.isoformat(timespec="microseconds").replace("+00:00", "Z")
    return moment


def _ordered(expr: Expr, op: Op, value: Any) -> Expr:
    ops: dict[Op, Callable[[Expr, Any], Expr]] = {
        Op.EQ: lambda e, v: e == v, Op.GT: lambda e, v: e > v, Op.GE: lambda e, v: e >= v,
        Op.LT: lambda e, v: e < v, Op.LE: lambda e, v: e <= v,
    }
    if op not in ops:
        raise InvalidFilter(f"operator {op.value} does not apply to this attribute")
    return ops[op](expr, value)


def _substring(dialect: str, expr: Expr, op: Op, needle: str) -> Expr:
    """co/sw/ew without LIKE, whose case rules differ between SQLite and PostgreSQL."""
    n = len(needle)
    if n == 0:
        return expr.is_not(None)
    position = func.instr(expr, needle) if dialect == "sqlite" else func.strpos(expr, needle)
    if op is Op.CO:
        return position > 0
    if op is Op.SW:
        return func.substr(expr, 1, n) == needle
    if op is Op.EW:
        return func.substr(expr, func.length(expr) - n + 1) == needle
    raise InvalidFilter(f"operator {op.value} does not apply to this attribute")


def _as_number(value: Any) -> Any:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidFilter("a numeric attribute is compared with a number")
    return value


def _as_datetime(value: Any) -> datetime:
    """The instant in UTC (RFC 7643 §2.3.5): rows are stored as UTC, and SQLite
    compares the stored text, so an offset must be folded in before comparing."""
    if isinstance(value, datetime):
        instant = value
    else:
        try:
            instant = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
        except ValueError as exc:
            raise InvalidFilter("a dateTime attribute is compared with an xsd:dateTime") from exc
    return instant.replace(tzinfo=UTC) if instant.tzinfo is None else instant.astimezone(UTC)


__all__ = ["Column", "Compiler", "Resource", "elements", "instant", "json_text", "json_value",
           "number", "true"]
