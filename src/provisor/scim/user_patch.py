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
from provisor.scim.attributes import USER, Attribute, ResourceSchema
from provisor.scim.patch_ops import Operation, Target, parse_target
from provisor.scim.tracing import tolerated
from provisor.scim.value_filter import matches, seed


@dataclass(frozen=True, slots=True)
class Resolved:
    urn: str | None
    attr: Attribute | None  # None: the whole extension object
    sub: Attribute | None = None
    where: FilterNode | None = None


def apply_user_patch(doc: dict[str, Any], ops: list[Operation], own_id: str,
                     schema: ResourceSchema = USER) -> dict[str, Any]:
    """``schema`` is the org's User schema (``custom.OrgUserSchema``): paths under
    the org's custom extension URN resolve only when it carries that extension."""
    doc = copy.deepcopy(doc)
    for op in ops:
        if op.target is None:
            _pathless(doc, op, own_id, schema)
        else:
            resolved = resolve(op.target, strict=True, schema=schema)
            if resolved is not None:
                _apply(doc, op.op, resolved, op.value)
    return doc


NOT_ACTIVE_ONLY: Any = object()
_CORE_USER = "urn:ietf:params:scim:schemas:core:2.0:user"


def active_only(ops: list[Operation]) -> Any:
    """The value the operations give ``active`` when that is all they do, else
    ``NOT_ACTIVE_ONLY``: Okta's ``{"op": "replace", "value": {"active": false}}`` and
    Entra's ``{"op": "Replace", "path": "active", "value": "False"}``, the PATCH every
    deactivation and reactivation sends. Such a PATCH needs no document: applying it
    to one (``writable_user``, ``apply_user_patch``, ``user_draft``) was ~10 % of a
    PATCH ``active``, inside the write lock (issue 7 profile); ``user_body.active_draft``
    gives the same draft (``tests/unit/test_active_patch.py``)."""
    value: Any = NOT_ACTIVE_ONLY
    for op in ops:
        if op.op == "remove":
            return NOT_ACTIVE_ONLY
        if op.target is None:
            if not isinstance(op.value, dict) or len(op.value) != 1:
                return NOT_ACTIVE_ONLY
            ((key, given),) = op.value.items()
            if key.lower() != "active":
                return NOT_ACTIVE_ONLY
        elif (op.target.attr.lower() == "active" and op.target.sub is None
              and op.target.where is None
              and (op.target.urn is None or op.target.urn.lower() == _CORE_USER)):
            given = op.value
        else:
            return NOT_ACTIVE_ONLY
        if given is None:
            return NOT_ACTIVE_ONLY
        value = given
    return value


def resolve(target: Target, *, strict: bool, schema: ResourceSchema = USER) -> Resolved | None:
    urn = schema.extension_urn(f"{target.urn}:{target.attr}") if target.urn else None
    if urn is not None and target.sub is None and target.where is None:
        return Resolved(urn, None)
    found = schema.lookup(target.urn, target.attr) or _any_extension(target, schema)
    if found is None:
        if strict:
            raise InvalidPath(f"{target.attr} is not an attribute of User")
        if target.urn is not None and schema.custom_urn is not None and \
                target.urn.lower() == schema.custom_urn.lower():
            raise InvalidValue(f"{target.attr} is not a custom attribute of this organization",
                               field=schema.custom_urn)
        return None
    urn, attr = found
    if attr.read_only:
        raise Mutability(f"{attr.name} is read-only")
    if attr.name == "password":  # accepted and never stored (Okta sends it)
        return None
    sub = attr.sub(target.sub) if target.sub else None
    if target.sub and sub is None:
        raise InvalidPath(f"{attr.name} has no sub-attribute {target.sub}")
    if target.where is not None and not (attr.multi and attr.subs):
        raise InvalidPath(f"{attr.name} is not a multi-valued complex attribute")
    return Resolved(urn, attr, sub, target.where)


def _any_extension(target: Target, schema: ResourceSchema) -> tuple[str | None, Attribute] | None:
    """Entra's legacy ``"path":"manager"``: an enterprise attribute named without its URN.

    The org's custom extension is not searched: its names are the org's own and
    could shadow what a client meant as a core attribute."""
    if target.urn is not None:
        return None
    for urn in schema.extensions:
        found = schema.lookup(urn, target.attr) if urn != schema.custom_urn else None
        if found is not None:
            tolerated("entra.extension_path_without_urn")
            return found
    return None


def _pathless(doc: dict[str, Any], op: Operation, own_id: str, schema: ResourceSchema) -> None:
    if not isinstance(op.value, dict):
        raise InvalidValue("a PATCH without path needs an object value")
    for key, value in op.value.items():
        lowered = key.lower()
        if lowered == "schemas":
            continue
        if lowered == "id" and value == own_id:
            tolerated("okta.pathless_own_id")
            continue
        extension = schema.extension_urn(key)
        if extension is not None and isinstance(value, dict):
            for inner, inner_value in value.items():
                _apply_key(doc, op.op, f"{extension}:{inner}", inner_value, schema)
        else:
            if extension is None and lowered.startswith("urn:"):
                tolerated("entra.pathless_urn_key")
            elif "." in key and extension is None:
                tolerated("entra.pathless_dotted_key")
            _apply_key(doc, op.op, key, value, schema)


def _apply_key(doc: dict[str, Any], op: str, key: str, value: Any,
               schema: ResourceSchema) -> None:
    # unknown keys are ignored (§3.3), except under the org's custom extension
    resolved = resolve(parse_target(key), strict=False, schema=schema)
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
    given = {k.lower() for k in value}  # names are case-insensitive: one key per attribute
    for key in [k for k in container if k.lower() in given]:
        del container[key]
    container.update(value)


def _whole(container: dict[str, Any], op: str, attr: Attribute, value: Any) -> None:
    name = attr.name
    if op == "remove" and attr.multi and value is not None:
        tolerated("entra.remove_with_value")
        drop = [_identity(v) for v in (value if isinstance(value, list) else [value])]
        container[name] = [e for e in container.get(name) or [] if _identity(e) not in drop]
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


def _identity(entry: Any) -> Any:
    """What a ``remove`` value list matches: a complex value's ``value``, or the
    simple value itself (a multi-valued custom attribute)."""
    return entry.get("value") if isinstance(entry, dict) else entry


def _merge_complex(container: dict[str, Any], attr: Attribute, value: Any) -> None:
    if isinstance(value, list) and len(value) == 1:  # Entra's legacy manager form
        tolerated("entra.manager_list" if attr.name == "manager"
                  else "generic.complex_value_as_list")
        value = value[0]
    if isinstance(value, str) and attr.name == "manager":
        tolerated("entra.manager_string")
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
        tolerated("entra.filtered_path_creates_value")
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
