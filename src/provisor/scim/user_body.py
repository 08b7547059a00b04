"""A SCIM User document → the domain's ``MemberDraft`` (POST, PUT, PATCH result).

Lenient where Okta and Entra need it (RFC 7644 §3.3: unknown attributes are
ignored): ``password`` is accepted and dropped, read-only ``id``, ``meta``
and ``groups`` are ignored, ``null`` means unassigned (RFC 7643 §2.5), the
enterprise ``manager`` may be a plain id string (Entra), booleans may be
strings. Known attributes of the wrong type are 400 ``invalidValue``.
Values under the org's custom extension (``schema.custom_urn``) are gathered
as sent, from the extension object and from URN-qualified top-level keys; the
write path validates them with the org's model (``custom.OrgUserSchema.check``).
The profile keeps camelCase keys and the extension under its URN; ``active``
is not part of it, except as the ``"active": null`` mark of an unassigned
``active`` (see ``represent.active_value``).
"""

from __future__ import annotations

from typing import Any

from provisor.domain.errors import InvalidValue
from provisor.domain.member import ENTERPRISE_URN, Member, MemberState
from provisor.domain.query import ValueType
from provisor.domain.usecases.create_member import MemberDraft
from provisor.scim.attributes import USER, Attribute, ResourceSchema, split_urn_key
from provisor.scim.bodies import MAX_STRING, boolean, optional_text, text
from provisor.scim.represent import active_value
from provisor.scim.tracing import tolerated

_SKIPPED = {"id", "meta", "groups", "password", "schemas", "active", "username", "externalid"}
_NARROW = {"userName", "externalId", "emails.value"}  # stored in indexed columns


def user_draft(body: dict[str, Any], *, current: Member | None = None,
               patched: bool = False, schema: ResourceSchema = USER) -> MemberDraft:
    """The draft of a new member (``current`` None) or of ``current`` replaced by
    ``body``. A body without ``active`` (or with ``active: null``) keeps the
    current state; it leaves ``active`` unassigned when ``body`` is the result of
    a PATCH (whose document always carries ``active`` unless a remove took it
    out) or when it was unassigned already."""
    profile: dict[str, Any] = {}
    shown = None if current is None else active_value(current)
    active = current is None or current.state is not MemberState.DEACTIVATED
    assigned = False
    user_name: str | None = None
    external_id: str | None = None
    for key, value in body.items():
        urn, name = split_urn_key(schema, key)
        lowered = name.lower()
        if urn is None and lowered == "username":
            user_name = optional_text(value, "userName", limit=MAX_STRING)
        elif urn is None and lowered == "externalid":
            external_id = optional_text(value, "externalId", limit=MAX_STRING)
        elif urn is None and lowered == "active":
            if value is not None:
                active, assigned = _boolean(value, "active"), True
        elif urn is None and lowered not in _SKIPPED:
            _put(profile, schema.core.get(lowered), value)
        elif urn is not None and urn == schema.custom_urn:
            _custom(profile, urn, name, value)
        elif urn is not None and urn in schema.extensions:
            _extension(profile, urn, name, schema.extensions[urn], value)
    if not assigned and current is not None and (patched or shown is None):
        profile["active"] = None
    return MemberDraft(user_name=user_name or "", external_id=external_id,
                       profile=profile, active=active)


def active_draft(current: Member, value: Any) -> MemberDraft:
    """``current`` with ``active`` set to ``value`` and nothing else changed: what
    ``user_draft`` makes of the document of a PATCH that only sets ``active``
    (``user_patch.active_only``), for a member without custom values (their
    definitions may have changed, which a full draft would apply)."""
    return MemberDraft(user_name=current.user_name, external_id=current.external_id,
                       profile={k: v for k, v in current.profile.items() if k != "active"},
                       active=_boolean(value, "active"))


def _extension(profile: dict[str, Any], urn: str, name: str,
               attributes: dict[str, Attribute], value: Any) -> None:
    target = profile.setdefault(urn, {})
    if name:  # a URN-qualified attribute written at the top level
        _put(target, attributes.get(name.lower()), value)
    elif value is not None:
        if not isinstance(value, dict):
            raise InvalidValue(f"{urn} must be an object", field=urn)
        for key, inner in value.items():
            _put(target, attributes.get(key.lower()), inner)
    if not target:
        del profile[urn]


def _custom(profile: dict[str, Any], urn: str, name: str, value: Any) -> None:
    """Gather custom values as sent; unknown names are kept so validation refuses them."""
    target = profile.setdefault(urn, {})
    if name:
        if value is not None:
            target[name] = value
    elif value is not None:
        if not isinstance(value, dict):
            raise InvalidValue(f"{urn} must be an object", field=urn)
        target.update((k, v) for k, v in value.items() if v is not None)
    if not target:
        del profile[urn]


def _boolean(value: Any, name: str) -> bool:
    if isinstance(value, str):
        tolerated("entra.string_boolean")
    return boolean(value, name)


def _put(target: dict[str, Any], attr: Attribute | None, value: Any) -> None:
    if attr is None or attr.read_only or attr.name == "password":
        return
    parsed = _value(attr, value)
    if parsed in (None, {}, []):
        target.pop(attr.name, None)
    else:
        target[attr.name] = parsed


def _value(attr: Attribute, value: Any) -> Any:
    if value is None:
        return None
    if attr.multi:
        items = value if isinstance(value, list) else [value]
        return [e for e in (_entry(attr, item) for item in items) if e]
    if attr.subs:
        if attr.name == "manager" and isinstance(value, str):  # Entra sends the bare id
            tolerated("entra.manager_string")
            value = {"value": value}
        return _complex(attr, value)
    return _scalar(attr, attr.name, value)


def _entry(attr: Attribute, item: Any) -> dict[str, Any] | None:
    if item is None:
        return None
    if isinstance(item, str):  # a bare value, as some clients send roles
        tolerated("generic.bare_multi_value")
        item = {"value": item}
    return _complex(attr, item)


def _complex(attr: Attribute, value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise InvalidValue(f"{attr.name} must be an object", field=attr.name)
    out: dict[str, Any] = {}
    for key, inner in value.items():
        sub = attr.sub(key)
        if sub is not None and inner is not None:
            out[sub.name] = _scalar(sub, f"{attr.name}.{sub.name}", inner)
    return out


def _scalar(attr: Attribute, name: str, value: Any) -> Any:
    if attr.type is ValueType.BOOLEAN:
        return _boolean(value, name)
    if isinstance(value, bool | int | float) and attr.name in ("value", "employeeNumber"):
        value = str(value)  # phone numbers and employee numbers sent as JSON numbers
    return text(value, name, limit=MAX_STRING if name in _NARROW else 4096)


__all__ = ["ENTERPRISE_URN", "active_draft", "user_draft"]
