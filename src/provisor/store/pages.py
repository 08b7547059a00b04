"""Listing: filter, count, sort and page with SQL only (offset or RFC 9865 keyset)."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy import Connection, Select, Table, func, select

from provisor.domain.errors import InvalidCursor
from provisor.domain.query import ListQuery, Page
from provisor.store.filters import Compiler, Resource, json_text

T = TypeVar("T")


def encode_cursor(data: dict[str, Any]) -> str:
    raw = json.dumps(data, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> dict[str, Any]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        data = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")))
    except (ValueError, binascii.Error, UnicodeError) as exc:
        raise InvalidCursor("the cursor is not one this server issued") from exc
    if not isinstance(data, dict) or not (
        isinstance(data.get("a"), str) or (isinstance(data.get("o"), int) and data["o"] >= 0)
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
        known = resource.columns.get(query.sort.path)
        if known is not None:
            expr = known.ci if known.ci is not None and not query.sort.case_exact else known.expr
        else:
            assert resource.document is not None
            expr = json_text(dialect, resource.document, query.sort.path)
        stmt = stmt.order_by(expr.desc() if query.descending else expr.asc())
    stmt = stmt.order_by(table.c.id)
    offset, after = query.start_index - 1, None
    if query.use_cursor and query.cursor:
        data = decode_cursor(query.cursor)
        if "a" in data and query.sort is None:
            after, offset = data["a"], 0
        elif "o" in data:
            offset = data["o"]
        else:
            raise InvalidCursor("the cursor does not belong to this sort order")
    if after is not None:
        stmt = stmt.where(table.c.id > after)
    rows = conn.execute(stmt.offset(offset or None).limit(query.count + 1)).all()
    items = [load(r) for r in rows[: query.count]]
    page = Page(items=items, total=total, start_index=offset + 1)
    if query.use_cursor and len(rows) > query.count:
        last = rows[query.count - 1]
        page.next_cursor = encode_cursor(
            {"a": last.id} if query.sort is None else {"o": offset + query.count})
    return page
