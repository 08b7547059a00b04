"""Listing parameters (RFC 7644 §3.4.2, §3.4.3; RFC 9865) → a ``ListQuery``.

The same parser serves ``GET /Users?…`` and the body of ``POST /Users/.search``.
startIndex is 1-based (below 1 counts as 1); count defaults to 100, is capped
at 1000 and a negative count counts as 0 (§3.4.2.4). The presence of
``cursor`` (an empty value asks for the first page) selects RFC 9865 cursors.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from provisor.domain import query as q
from provisor.domain.errors import InvalidValue
from provisor.scim.attributes import ResourceSchema
from provisor.scim.filtering import parse_filter
from provisor.scim.patch_ops import parse_target
from provisor.scim.projection import Projection, projection

LIST_RESPONSE = "urn:ietf:params:scim:api:messages:2.0:ListResponse"
DEFAULT_COUNT, MAX_COUNT = 100, 1000
MAX_START = 10**12


@dataclass(frozen=True, slots=True)
class Listing:
    query: q.ListQuery
    projection: Projection


def listing(schema: ResourceSchema, params: Mapping[str, Any]) -> Listing:
    p = {k.lower(): v for k, v in params.items()}
    cursor = p.get("cursor")
    sort, sort_multi = _sort(schema, _str(p["sortby"], "sortBy")) if p.get("sortby") \
        else (None, False)
    query = q.ListQuery(
        filter=parse_filter(schema, _str(p["filter"], "filter")) if p.get("filter") else None,
        sort=sort, sort_multi=sort_multi,
        descending=_descending(p.get("sortorder")),
        start_index=min(max(_int(p.get("startindex"), "startIndex", 1), 1), MAX_START),
        count=min(max(_int(p.get("count"), "count", DEFAULT_COUNT), 0), MAX_COUNT),
        cursor=(_str(cursor, "cursor") or None) if cursor is not None else None,
        use_cursor=cursor is not None,
    )
    return Listing(query, projection(schema, _names(p.get("attributes"), "attributes"),
                                     _names(p.get("excludedattributes"), "excludedAttributes")))


def list_response(page: q.Page[Any], resources: list[dict[str, Any]],
                  query: q.ListQuery) -> dict[str, Any]:
    body: dict[str, Any] = {"schemas": [LIST_RESPONSE], "totalResults": page.total,
                            "itemsPerPage": len(resources)}
    if not query.use_cursor:
        body["startIndex"] = page.start_index
    elif page.next_cursor:
        body["nextCursor"] = page.next_cursor
    body["Resources"] = resources
    return body


def _str(value: Any, name: str) -> str:
    if not isinstance(value, str):
        raise InvalidValue(f"{name} must be a string", field=name)
    return value


def _int(value: Any, name: str, default: int) -> int:
    """An integer parameter; absurdly large ones are clamped, never sent to SQL."""
    if value is None or value == "":
        return default
    text = str(value).strip() if isinstance(value, int | str) and not isinstance(value, bool) \
        else ""
    if not re.fullmatch(r"[+-]?\d+", text):
        raise InvalidValue(f"{name} must be an integer", field=name)
    if len(text.lstrip("+-")) > 15:
        return -1 if text.startswith("-") else MAX_START
    return int(text)


def _descending(value: Any) -> bool:
    if value is None or value == "":
        return False
    if not isinstance(value, str) or value.lower() not in ("ascending", "descending"):
        raise InvalidValue("sortOrder is ascending or descending", field="sortOrder")
    return value.lower() == "descending"


def _names(value: Any, name: str) -> str | None:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return ",".join(value)
    raise InvalidValue(f"{name} is a list of attribute names", field=name)


def _sort(schema: ResourceSchema, text: str) -> tuple[q.Attr, bool]:
    """The attribute to sort by, and whether it is multi-valued: ``emails`` and
    ``emails.value`` sort by the primary (else first) email's value, ``tags`` (an
    org's multi-valued custom attribute) by its first value (RFC 7644 §3.4.2.3)."""
    target = parse_target(text)
    found = schema.lookup(target.urn, target.attr)
    if found is None or target.where is not None:
        raise InvalidValue(f"cannot sort by {text}", field="sortBy")
    urn, attr = found
    sub = attr.sub(target.sub or ("value" if attr.multi else "")) if target.sub or attr.multi \
        else None
    if (attr.subs and sub is None) or (target.sub and sub is None) \
            or (attr.multi and not attr.subs and target.sub):
        raise InvalidValue(f"cannot sort by {text}", field="sortBy")
    leaf = sub or attr
    names = (attr.name, sub.name) if sub else (attr.name,)
    return q.Attr((urn, *names) if urn else names, leaf.type, leaf.case_exact), attr.multi
