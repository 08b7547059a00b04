"""Listing: filter, count, sort and page with SQL only (offset or RFC 9865 keyset)."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy import Connection, Select, Table, func, select

from provisor.domain.errors import InvalidCursor, InvalidValue
from provisor.domain.query import ListQuery, Page
from provisor.store.filters import Compiler, Resource, json_text

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


def find_page(
    conn: Connection, table: Table, resource: Resource, org_id: str, query: ListQuery,
    load: Callable[[Any], T],
) -> Page[T]:
    dialect = conn.dialect.name
    where = [table.c.org_id == org_id]
    if query.filter is not None:
        where.append(Compiler(resource, dialect).compile(query.filter))
    total = conn.execute(select(func.count()).select_from(table).where(*where)).scalar_one()
    stmt: Select[Any] = select(table).where(*where)
    if query.sort is not None:
        expr = _sort_expr(dialect, resource, query)
        stmt = stmt.order_by(expr.desc() if query.descending else expr.asc())
    stmt = stmt.order_by(table.c.id)
    offset, after = query.start_index - 1, None
    if query.use_cursor and query.cursor:
        data = decode_cursor(query.cursor)
        if "a" in data and query.sort is None:
            after, offset = data["a"], 0
        elif "o" in data and query.sort is not None:
            offset = data["o"]
        else:
            raise InvalidCursor("the cursor does not belong to this sort order")
    if after is not None:
        stmt = stmt.where(table.c.id > after)
    if query.count <= 0 or (after is None and offset >= total):
        return Page(items=[], total=total, start_index=offset + 1)
    rows = conn.execute(stmt.offset(offset or None).limit(query.count + 1)).all()
    items = [load(r) for r in rows[: query.count]]
    page = Page(items=items, total=total, start_index=offset + 1)
    if query.use_cursor and len(rows) > query.count:
        last = rows[query.count - 1]
        page.next_cursor = encode_cursor(
            {"a": last.id} if query.sort is None else {"o": offset + query.count})
    return page


def _sort_expr(dialect: str, resource: Resource, query: ListQuery) -> Any:
    assert query.sort is not None
    known = resource.columns.get(query.sort.path)
    if known is not None:
        return known.ci if known.ci is not None and not query.sort.case_exact else known.expr
    if resource.document is None:
        raise InvalidValue("this attribute cannot be sorted by", field="sortBy")
    expr = json_text(dialect, resource.document, query.sort.path)
    return expr if query.sort.case_exact else func.lower(expr)
