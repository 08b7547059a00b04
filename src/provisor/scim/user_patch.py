"""Apply PATCH operations to a user's writable document (RFC 7644 §3.5.2).

All operations are applied in memory to a copy; the result is parsed like a
PUT body and handed to ONE use-case call, so a request is all or nothing.
Handles the IdP forms: path-less value objects with dotted and URN keys
(Entra), ``{"op":"replace","value":{"active":false}}`` (Okta), value-filter
paths that create the entry when nothing matches (Entra,
``emails[type eq "work"].value``), and ``Remove`` with a value list.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from scim2_models.path import FilterNode

from provisor.domain.errors import InvalidPath, InvalidValue, Mutability, NoTarget
from provisor.scim.attributes import USER, Attribute
from provisor.scim.patch_ops import Operation, Target, parse_target
from provisor.scim.value_filter import matches, seed


@dataclass(frozen=True, slots=True)
class Resolved:
    urn: str | None
    attr: Attribute | None  # None: the whole extension object
    sub: Attribute | None = None
    where: FilterNode | None = None


def apply_user_patch(doc: dict[str, Any], ops: list[Operation], own_id: str) -> dict[str, Any]:
    doc = copy.deepcopy(doc)
    for op in ops:
        if op.target is None:
            _pathless(doc, op, own_id)
        else:
            resolved = resolve(op.target, strict=True)
            if resolved is not None:
                _apply(doc, op.op, resolved, op.value)
    return doc


def resolve(target: Target, *, strict: bool) -> Resolved | None:
    urn = USER.extension_urn(f"{target.urn}:{target.attr}") if target.urn else None
    if urn is not None and target.sub is None and target.where is None:
        return Resolved(urn, None)
    found = USER.lookup(target.urn, target.attr) or _any_extension(target)
    if found is None:
        if strict:
            raise InvalidPath(f"{target.attr} is not an attribute of User")
        return None
    urn, attr = found
    if attr.read_only:
        raise Mutability(f"{attr.name} is read-only")
    if attr.name == "password":  # accepted and never stored (Okta sends it)
        return None
    sub = attr.sub(target.sub) if target.sub else None
    if target.sub and sub is None:
        raise InvalidPath(f"{attr.name} has no sub-attribute {target.sub}")
    if target.where is not None and not attr.multi:
        raise InvalidPath(f"{attr.name} is not multi-valued")
    return Resolved(urn, attr, sub, target.where)


def _any_extension(target: Target) -> tuple[str | None, Attribute] | None:
    """Entra's legacy ``"path":"manager"``: an extension attribute named without its URN."""
    if target.urn is not None:
        return None
    for urn in USER.extensions:
        found = USER.lookup(urn, target.attr)
        if found is not None:
            return found
    return None


def _pathless(doc: dict[str, Any], op: Operation, own_id: str) -> None:
    if not isinstance(op.value, dict):
        raise InvalidValue("a PATCH without path needs an object value")
    for key, value in op.value.items():
        lowered = key.lower()
        if lowered == "schemas" or (lowered == "id" and value == own_id):
            continue
        extension = USER.extension_urn(key)
        if extension is not None and isinstance(value, dict):
            for inner, inner_value in value.items():
                _apply_key(doc, op.op, f"{extension}:{inner}", inner_value)
        else:
            _apply_key(doc, op.op, key, value)


def _apply_key(doc: dict[str, Any], op: str, key: str, value: Any) -> None:
    resolved = resolve(parse_target(key), strict=False)  # unknown keys: ignored (§3.3)
    if resolved is not None:
        _apply(doc, op, resolved, value)


def _apply(doc: dict[str, Any], op: str, r: Resolved, value: Any) -> None:
    if r.urn is not None and not isinstance(doc.get(r.urn), dict):
        doc[r.urn] = {}
    container = doc if r.urn is None else doc[r.urn]
    if r.attr is None:
        _merge_extension(container, op, value)
    elif r.where is not None:
        _filtered(container, op, r.attr, r.sub, r.where, value)
    elif r.sub is not None:
        _sub_attribute(container, op, r.attr, r.sub.name, value)
    else:
        _whole(container, op, r.attr, value)


def _merge_extension(container: dict[str, Any], op: str, value: Any) -> None:
    if op == "remove":
        container.clear()
        return
    if not isinstance(value, dict):
        raise InvalidValue("an extension is set with an object value")
    container.update(value)


def _whole(container: dict[str, Any], op: str, attr: Attribute, value: Any) -> None:
    name = attr.name
    if op == "remove" and attr.multi and value is not None:
        drop = {v.get("value") if isinstance(v, dict) else v
                for v in (value if isinstance(value, list) else [value])}
        container[name] = [e for e in container.get(name) or []
                           if not (isinstance(e, dict) and e.get("value") in drop)]
    elif op == "remove" or value is None:
        container.pop(name, None)
    elif attr.multi:
        items = value if isinstance(value, list) else [value]
        kept = (container.get(name) or []) if op == "add" else []
        container[name] = [*kept, *(i for i in items if i not in kept)]
    elif attr.subs:
        _merge_complex(container, attr, value)
    else:
        container[name] = value


def _merge_complex(container: dict[str, Any], attr: Attribute, value: Any) -> None:
    if isinstance(value, list) and len(value) == 1:  # Entra's legacy manager form
        value = value[0]
    if isinstance(value, str) and attr.name == "manager":
        value = {"value": value}
    if not isinstance(value, dict):
        raise InvalidValue(f"{attr.name} is set with an object value", field=attr.name)
    current = container.get(attr.name)
    merged = dict(current) if isinstance(current, dict) else {}
    merged.update(value)
    container[attr.name] = {k: v for k, v in merged.items() if v is not None}


def _sub_attribute(container: dict[str, Any], op: str, attr: Attribute, sub: str,
                   value: Any) -> None:
    if attr.multi:
        entries = container.get(attr.name) or []
        if not entries and op != "remove":
            entries = [{}]
        container[attr.name] = entries
    else:
        current = container.get(attr.name)
        entries = [dict(current) if isinstance(current, dict) else {}]
        container[attr.name] = entries[0]
    for entry in entries:
        if isinstance(entry, dict):
            _set(entry, sub, None if op == "remove" else value)


def _filtered(container: dict[str, Any], op: str, attr: Attribute, sub: Attribute | None,
              where: FilterNode, value: Any) -> None:
    entries = [e for e in container.get(attr.name) or [] if isinstance(e, dict)]
    hits = [e for e in entries if matches(where, e, attr)]
    if op == "remove":
        if sub is None:
            entries = [e for e in entries if all(e is not h for h in hits)]
        else:
            for entry in hits:
                entry.pop(sub.name, None)
    elif not hits:  # Entra: an unmatched add/replace creates the entry
        created = seed(where)
        if created is None:
            raise NoTarget(f"no {attr.name} value matches the filter")
        entries.append(created)
        _fill(created, sub, value)
    else:
        for entry in hits:
            if op == "replace" and sub is None:
                entry.clear()
            _fill(entry, sub, value)
    container[attr.name] = entries


def _fill(entry: dict[str, Any], sub: Attribute | None, value: Any) -> None:
    if sub is not None:
        _set(entry, sub.name, value)
    elif isinstance(value, dict):
        entry.update(value)
    else:
        raise InvalidValue("a filtered path without a sub-attribute needs an object value")


def _set(entry: dict[str, Any], key: str, value: Any) -> None:
    if value is None:
        entry.pop(key, None)
    else:
        entry[key] = value
