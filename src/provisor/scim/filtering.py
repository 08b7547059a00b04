"""SCIM filters (RFC 7644 §3.4.2.2) → the domain's query nodes.

scim2-models parses the text (``ScimFilter(...).ast``); this module walks the
tree and names every attribute by its canonical path with the value type and
``caseExact`` flag of RFC 7643, so the store can compile it to SQL. A
comparison on a multi-valued attribute (``emails eq "x"``, ``emails.value
eq "x"``) and a value filter (``emails[type eq "work"]``) become ``AnyOf``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from functools import lru_cache
from typing import Any

from scim2_models import ScimFilter
from scim2_models.path import AttrPath, Comparison, LogicalExpr, LogicalOperator, Not, Present
from scim2_models.path import ValuePath as ScimValuePath

from provisor.domain import query as q
from provisor.domain.errors import InvalidFilter
from provisor.scim.attributes import Attribute, ResourceSchema

MAX_FILTER_LENGTH = 4096


CACHE_SIZE, CACHED_LENGTH = 2048, 512  # bounded memory: short filters only (IdP lookups)


def parse_filter(schema: ResourceSchema, text: str) -> q.Node:
    """Parse and convert; any syntax or attribute problem is ``InvalidFilter``.

    Parsing with scim2-models' grammar was ~12 % of a ``userName eq`` lookup
    (issue 7 profile), and IdPs repeat filters (a retry, a re-sync), so the
    converted tree is cached by schema and exact filter text. That is safe:
    the values are part of the text, the tree is immutable (frozen dataclasses)
    and depends on nothing else. Failures are not cached.
    """
    if len(text) > MAX_FILTER_LENGTH or "\x00" in text:
        raise InvalidFilter("the filter is too long or contains a NUL character")
    if len(text) > CACHED_LENGTH:
        return _parse(schema, text)
    simple = _SIMPLE.fullmatch(text)
    if simple is not None:
        return _from_template(schema, simple)
    return _cached(_SchemaKey(schema), text)


# ``attr op "plain string"``: what IdPs send to look a resource up (Okta and Entra:
# ``userName eq "..."``, ``externalId eq "..."``, ``displayName eq "..."``). Each
# lookup names a different user, so an exact-text cache never hits on them; the
# grammar's result is instead cached for the text with the string replaced by a
# placeholder, and the real string put back. Only strings without quotes,
# backslashes or control characters take this path, so the JSON string's value
# is exactly the characters between the quotes; anything else is parsed in full.
_SIMPLE = re.compile(r'([A-Za-z][\w.:$-]*) (eq|ne|co|sw|ew|gt|ge|lt|le) "([^"\\\x00-\x1f]*)"',
                     re.IGNORECASE)


def _from_template(schema: ResourceSchema, simple: re.Match[str]) -> q.Node:
    attr, op, value = simple.groups()
    node = _cached(_SchemaKey(schema), f'{attr} {op} "v"')
    match node:
        case q.Compare():
            return replace(node, value=_value(node.attr, value))
        case q.AnyOf(where=q.Compare() as leaf):
            return replace(node, where=replace(leaf, value=_value(leaf.attr, value)))
    return _cached(_SchemaKey(schema), simple.string)  # not a comparison: as parsed


def _parse(schema: ResourceSchema, text: str) -> q.Node:
    try:
        tree = ScimFilter(text).ast
    except Exception as exc:  # scim2-models raises its own types and ValueError
        raise InvalidFilter(f"the filter is not valid: {exc}"[:200]) from exc
    return _Converter(schema).node(tree)


class _SchemaKey:
    """A ``ResourceSchema`` as a cache key: by its content ``key`` when it has one
    (an org's schema with its custom extension is rebuilt per request, equal in
    content), else by identity (the module-level schemas). The schema is kept
    alive by the key, so an identity is never reused while cached."""

    __slots__ = ("content", "schema")

    def __init__(self, schema: ResourceSchema) -> None:
        self.schema = schema
        key = getattr(schema, "key", None)
        self.content: tuple[object, ...] | None = (schema.name, *key) if key else None

    def __hash__(self) -> int:
        return hash(self.content) if self.content is not None else id(self.schema)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, _SchemaKey):
            return False
        if self.content is not None and other.content is not None:
            return self.content == other.content
        return other.schema is self.schema


@lru_cache(maxsize=CACHE_SIZE)
def _cached(key: _SchemaKey, text: str) -> q.Node:
    return _parse(key.schema, text)


class _Converter:
    def __init__(self, schema: ResourceSchema) -> None:
        self.schema = schema

    def node(self, tree: Any, within: Attribute | None = None) -> q.Node:
        match tree:
            case LogicalExpr(op=op, terms=terms):
                nodes = tuple(self.node(t, within) for t in terms)
                return q.And(nodes) if op is LogicalOperator.and_ else q.Or(nodes)
            case Not(expr=inner):
                return q.Not(self.node(inner, within))
            case Present(attr_path=path):
                return self._leaf(path, within, lambda attr: q.Present(attr))
            case Comparison(attr_path=path, op=op, value=value):
                return self._leaf(path, within, lambda attr: q.Compare(
                    attr, q.Op(op.value), _value(attr, value)))
            case ScimValuePath(attr_path=path, val_filter=inner) if within is None:
                urn, attr = self._resolve(path)
                if not attr.multi or path.sub_attr:
                    raise InvalidFilter(f"{path} is not a multi-valued attribute")
                return q.AnyOf(q.Attr(_path(urn, attr.name)), self.node(inner, attr))
        raise InvalidFilter("unsupported filter expression")

    def _leaf(self, path: AttrPath, within: Attribute | None,
              make: Callable[[q.Attr], q.Node]) -> q.Node:
        if within is not None:  # inside a value filter: names are sub-attributes
            if path.uri or path.sub_attr:
                raise InvalidFilter("a value filter names sub-attributes only")
            return make(_attr((_sub(within, path.attr),)))
        urn, attr = self._resolve(path)
        if attr.multi:  # RFC 7644 §3.4.2.2: a multi-valued attribute matches by any value
            sub = _sub(attr, path.sub_attr or "value")
            return q.AnyOf(q.Attr(_path(urn, attr.name)), make(_attr((sub,))))
        if path.sub_attr is None:
            if attr.subs:
                raise InvalidFilter(f"{attr.name} is complex; name a sub-attribute")
            return make(_attr((attr,), urn))
        return make(_attr((attr, _sub(attr, path.sub_attr)), urn))

    def _resolve(self, path: AttrPath) -> tuple[str | None, Attribute]:
        found = self.schema.lookup(path.uri, path.attr)
        if found is None:
            raise InvalidFilter(f"{path} is not a filterable attribute of {self.schema.name}")
        return found


def _sub(parent: Attribute, name: str) -> Attribute:
    """A sub-attribute; of a multi-valued attribute of simple values (an org's
    custom ``tags``), ``value`` names the element itself, as RFC 7644
    §3.4.2.2 reads ``tags eq "x"`` (the store compares the array's elements)."""
    found = parent.sub(name)
    if found is None and parent.multi and not parent.subs and name.lower() == "value":
        return Attribute("value", parent.type, parent.case_exact)
    if found is None:
        raise InvalidFilter(f"{parent.name} has no sub-attribute {name}")
    return found


def _path(urn: str | None, *names: str) -> tuple[str, ...]:
    return (urn, *names) if urn else names


def _attr(chain: tuple[Attribute, ...], urn: str | None = None) -> q.Attr:
    leaf = chain[-1]
    return q.Attr(_path(urn, *(a.name for a in chain)), leaf.type, leaf.case_exact)


def _value(attr: q.Attr, value: Any) -> Any:
    if isinstance(value, str) and "\x00" in value:
        raise InvalidFilter("filter values cannot contain NUL characters")
    if attr.type is q.ValueType.BOOLEAN and not isinstance(value, bool) and value is not None:
        raise InvalidFilter(f"{'.'.join(attr.path)} is compared with true or false")
    if isinstance(value, float) and value != value:
        raise InvalidFilter("not a number")
    return value
