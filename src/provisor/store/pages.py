"""Listing: filter, count, sort and page with SQL only (offset or RFC 9865 keyset)."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import (
    BigInteger,
    Connection,
    Select,
    Subquery,
    Table,
    bindparam,
    case,
    cast,
    func,
    literal,
    select,
)
from sqlalchemy import Column as SqlColumn
from sqlalchemy.dialects.postgresql import JSONB

from provisor.domain.errors import InvalidCursor, InvalidValue
from provisor.domain.query import Compare, ListQuery, Op, Page, ValueType
from provisor.store import member_counts
from provisor.store.filters import (
    Compiler,
    Resource,
    element_text,
    elements,
    instant,
    json_text,
    json_value,
    number,
    simple_values,
)
from provisor.store.hot import Hot

T = TypeVar("T")


def encode_cursor(data: dict[str, Any]) -> str:
    raw = json.dumps(data, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> dict[str, Any]:
    if len(cursor) > 1024:
        raise InvalidCursor("the cursor is not one this server issued")
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        data = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")))
    except (ValueError, binascii.Error, UnicodeError, RecursionError) as exc:
        raise InvalidCursor("the cursor is not one this server issued") from exc
    if not isinstance(data, dict) or not (
        (isinstance(data.get("a"), str) and len(data["a"]) <= 64 and "\x00" not in data["a"])
        or (type(data.get("o")) is int and 0 <= data["o"] <= 10**12)
    ):
        raise InvalidCursor("the cursor is not one this server issued")
    return data


@dataclass(frozen=True, slots=True)
class Beside:
    """Rows of other tables read with a page by the page's own statement: ``build``
    joins them (LEFT OUTER) to the page as a subquery, ordered by the page's ``id``
    first. A GET /Users?filter=userName eq "..." read its member, then the member's
    groups, in two statements: each a round trip on PostgreSQL (issue 7). Used on
    the prebuilt plans' pages (see ``_plan``), which are in id order; any other
    query reads its page alone and the caller reads the rest as before."""

    build: Callable[[Subquery], Select[Any]]


def find_page(
    conn: Connection, table: Table, resource: Resource, org_id: str, query: ListQuery,
    load: Callable[[Any], T], *, counted: bool = False,
) -> Page[T]:
    """A page of ``table``'s rows for the org. ``counted``: ``table`` is members, whose
    count per org ``provisor.store.member_counts`` keeps (whole-org pages read it)."""
    return find_page_beside(conn, table, resource, org_id, query, load, None, counted=counted)[0]


def find_page_beside(
    conn: Connection, table: Table, resource: Resource, org_id: str, query: ListQuery,
    load: Callable[[Any], T], beside: Beside | None, *, counted: bool = False,
) -> tuple[Page[T], dict[str, list[Sequence[Any]]] | None]:
    """``find_page``, and with ``beside`` the rows beside each of the page's rows (by
    its id; the columns after the table's), or None when this query's page was read
    alone."""
    offset, after = query.start_index - 1, None
    if query.use_cursor and query.cursor:
        data = decode_cursor(query.cursor)
        if "a" in data and query.sort is None:
            after, offset = data["a"], 0
        elif "o" in data and query.sort is not None:
            offset = data["o"]
        else:
            raise InvalidCursor("the cursor does not belong to this sort order")
    plan = _plan(table, resource, query, beside)
    extra: dict[str, list[Sequence[Any]]] | None = None
    known = member_counts.read(conn, org_id) if counted and plan is not None \
        and not plan.needle else None
    seek = after
    if known is not None and after is None and offset > 0:
        seek = member_counts.HINTS.get(org_id, known.changes, offset)
    if plan is not None:
        params: dict[str, Any] = {"org_id": org_id, **plan.needle}
        rows_params = {**params, "limit": query.count + 1, "offset": offset, "after": seek}

        def count() -> int:
            if known is not None:
                return known.members
            found = plan.count.first(conn, params)
            return int(found[0]) if found else 0

        def fetch() -> Sequence[Any]:
            rows = (plan.after if seek is not None else plan.page).all(conn, rows_params)
            if beside is None:
                return rows
            nonlocal extra
            extra, width = {}, len(table.c)
            mine: list[Sequence[Any]] = []
            for row in rows:  # one row per row beside (or one, NULLs beside it)
                if not mine or mine[-1][0] != row[0]:
                    mine.append(row[:width])
                if row[width] is not None:
                    extra.setdefault(row[0], []).append(row[width:])
            return mine
    else:
        rows_stmt, count_stmt = _statements(conn.dialect.name, table, resource, org_id, query,
                                            after, offset)

        def count() -> int:
            return int(conn.execute(count_stmt).scalar_one())

        def fetch() -> Sequence[Any]:
            return conn.execute(rows_stmt).all()
    if query.count <= 0:
        return Page(items=[], total=count(), start_index=offset + 1), {}
    rows = fetch()
    # totalResults without COUNT(*) when the page itself tells it (issue 7: a
    # lookup by userName or externalId ran COUNT(*) and the SELECT for one row):
    # a partial page reached at an offset (not after a cursor key) ends the
    # result set, so the total is that offset plus its rows -- if it is not
    # empty, or is the first page (no match: 0). Otherwise (a full page, an
    # empty page past the end, a page after a cursor key) the count row for a
    # whole-org page of members, else COUNT(*).
    if after is None and len(rows) <= query.count and (rows or offset == 0):
        total = offset + len(rows)
    else:
        total = count()
    items = [load(r) for r in rows[: query.count]]
    page = Page(items=items, total=total, start_index=offset + 1)
    if len(rows) > query.count:
        last_id = rows[query.count - 1][0]  # id: the table's first column
        if known is not None and after is None:  # the next sequential page may seek
            member_counts.HINTS.put(org_id, known.changes, offset + query.count, last_id)
        if query.use_cursor:
            page.next_cursor = encode_cursor(
                {"a": last_id} if query.sort is None else {"o": offset + query.count})
    return page, extra


def _statements(
    dialect: str, table: Table, resource: Resource, org_id: str, query: ListQuery,
    after: str | None, offset: int,
) -> tuple[Select[Any], Select[Any]]:
    """The page's SELECT and its COUNT, built for this query (any filter, any sort)."""
    where = [table.c.org_id == org_id]
    if query.filter is not None:
        where.append(Compiler(resource, dialect).compile(query.filter))
    stmt: Select[Any] = select(table).where(*where)
    if query.sort is not None:
        expr = _sort_expr(dialect, resource, query)
        stmt = stmt.order_by(expr.desc() if query.descending else expr.asc())
    stmt = stmt.order_by(table.c.id)
    if after is not None:
        stmt = stmt.where(table.c.id > after)
    count = select(func.count()).select_from(table).where(*where)
    return stmt.offset(offset or None).limit(query.count + 1), count


@dataclass(frozen=True, slots=True)
class _Plan:
    page: Hot
    after: Hot
    count: Hot
    needle: dict[str, str]


_PLANS: dict[tuple[int, ...], tuple[Any, ...]] = {}


def _plan(table: Table, resource: Resource, query: ListQuery,
          beside: Beside | None = None) -> _Plan | None:
    """Prebuilt statements for the two shapes IdPs send most: no filter (list
    pages), and ``attr eq "string"`` on a column (lookups by userName,
    externalId, displayName), both in id order. Built once per column and
    executed with parameters: building the SELECT and COUNT and computing their
    cache keys per request was ~10 % of a lookup (issue 7). ``None`` for any
    other query, which ``_statements`` builds as before. The SQL is the one
    ``Compiler`` writes for these nodes.
    """
    if query.sort is not None:
        return None
    node = query.filter
    if node is None:
        return _cached_plan((id(table), id(beside)), table, None, {}, beside)
    if not (isinstance(node, Compare) and node.op is Op.EQ and isinstance(node.value, str)):
        return None
    col = resource.columns.get(node.attr.path)
    if col is None or col.type is not ValueType.STRING or not _own(table, col.expr) or (
            col.ci is not None and not _own(table, col.ci)):
        return None
    if node.attr.case_exact:  # as Compiler._string: exact, stored lowercase, or lower()
        expr, value, mode = col.expr, node.value, 0
    elif col.ci is not None:
        expr, value, mode = col.ci, node.value.lower(), 1
    else:
        expr, value, mode = func.lower(col.expr), node.value.lower(), 2
    return _cached_plan((id(table), id(beside), id(col.expr), id(col.ci), mode), table,
                        lambda: expr == bindparam("needle"), {"needle": value}, beside)


def _cached_plan(key: tuple[int, ...], table: Table, condition: Callable[[], Any] | None,
                 needle: dict[str, str], beside: Beside | None) -> _Plan:
    cached = _PLANS.get(key)
    if cached is None or cached[0] is not table or cached[2] is not beside:
        cached = (table, _build_plan(table, condition() if condition else None, beside),
                  beside)
        _PLANS[key] = cached  # one per (table, beside, column, case): a bounded set
    built: _Plan = cached[1]
    return _Plan(built.page, built.after, built.count, needle)


def _own(table: Table, expr: Any) -> bool:
    """A plain column of ``table`` (long-lived, so safe to key a plan by its id)."""
    return isinstance(expr, SqlColumn) and expr.table is table


def _build_plan(table: Table, condition: Any, beside: Beside | None) -> _Plan:
    where = [table.c.org_id == bindparam("org_id")]
    if condition is not None:
        where.append(condition)
    base = select(table).where(*where).order_by(table.c.id)
    limit = bindparam("limit", type_=BigInteger)  # offsets reach 10**12 (listing.MAX_START)
    page = base.limit(limit).offset(bindparam("offset", type_=BigInteger))
    after = base.where(table.c.id > bindparam("after")).limit(limit)
    if beside is not None:
        page, after = beside.build(page.subquery()), beside.build(after.subquery())
    return _Plan(  # run on the cursor: rows are tuples in the table's column order
        page=Hot(page),
        after=Hot(after),
        count=Hot(select(func.count()).select_from(table).where(*where)),
        needle={},
    )


def _primary_value(dialect: str, resource: Resource, query: ListQuery) -> Any:
    """A multi-valued attribute's sort key (RFC 7644 §3.4.2.3): the value of its
    primary element, else of its first; NULL when it has none. A correlated
    subquery over the array's elements in the document, primary first, then in
    array order."""
    assert query.sort is not None
    path = query.sort.path
    simple = simple_values(path)
    array = path if simple else path[:-1]
    if resource.document is None or array in resource.multi:
        raise InvalidValue("this attribute cannot be sorted by", field="sortBy")
    elem = elements(dialect, resource.document, array, with_index=True)
    value = element_text(dialect, elem.c.value) if simple \
        else json_text(dialect, elem.c.value, path[-1:])
    if simple:
        primary_first: Any = literal(0)
    elif dialect == "sqlite":
        primary_first = case((func.json_extract(elem.c.value, "$.primary") == 1, 0), else_=1)
    else:
        primary_first = case((elem.c.value.op("->")("primary") == cast(literal("true"), JSONB),
                              0), else_=1)
    key = select(value).select_from(elem).order_by(primary_first, elem.c.key) \
        .limit(1).scalar_subquery()
    if query.sort.type is ValueType.STRING and not query.sort.case_exact:
        return func.lower(key)
    return key


def _sort_expr(dialect: str, resource: Resource, query: ListQuery) -> Any:
    assert query.sort is not None
    if query.sort_multi:
        return _primary_value(dialect, resource, query)
    known = resource.columns.get(query.sort.path)
    if known is not None:
        return known.ci if known.ci is not None and not query.sort.case_exact else known.expr
    if resource.document is None:
        raise InvalidValue("this attribute cannot be sorted by", field="sortBy")
    expr = json_text(dialect, resource.document, query.sort.path)
    kind = query.sort.type
    # By the value's type: ``#>>`` gives text on PostgreSQL, where 12 sorts before 7
    # and lower() would turn SQLite's native numbers into text too.
    if kind in (ValueType.INTEGER, ValueType.DECIMAL):
        return number(dialect, expr, json_value(dialect, resource.document, query.sort.path))
    if kind is ValueType.DATETIME:
        return instant(dialect, expr)
    if kind is ValueType.BOOLEAN or query.sort.case_exact:
        return expr
    return func.lower(expr)
