"""Limits on what a SCIM client may send, each refused with a clear SCIM error.

RFC 7644 §3.12 lets a server refuse input it will not process; these checks
name the attribute and the limit in ``detail`` so an IdP admin can act on it.
They run before the resource handlers (the composition root calls
:func:`check_request` from a middleware) and are plain functions, so route
handlers and ``/Bulk`` can call them on inner payloads too.

``count`` above :data:`ScimLimits.max_count` is clamped, not refused: RFC 7644
§3.4.2.4 lets a server return fewer results than asked for.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from provisor.scim.errors import ScimError

# Multi-valued User attributes whose length is bounded (RFC 7643 §4.1.2).
USER_LISTS = ("emails", "phoneNumbers", "addresses", "photos", "ims", "entitlements",
              "roles", "x509Certificates", "groups")


@dataclass(frozen=True, slots=True)
class ScimLimits:
    max_filter_length: int = 4096
    max_filter_depth: int = 16
    max_count: int = 1000
    max_string_length: int = 2048
    max_values_per_attribute: int = 20  # emails, phoneNumbers, addresses, ...
    max_members_per_request: int = 10_000
    max_patch_operations: int = 1000


DEFAULT = ScimLimits()


def check_filter(text: str, limits: ScimLimits = DEFAULT) -> None:
    """Refuse a filter that is too long or nested too deeply (400 ``invalidFilter``).

    Depth counts ``(`` and ``[`` outside string literals: a parser recursing on
    a thousand nested groups must never see them. Written by hand because the
    filter grammar's parser is the thing being protected.
    """
    if len(text) > limits.max_filter_length:
        raise ScimError(400, f"the filter is longer than {limits.max_filter_length} characters",
                        "invalidFilter")
    if _nesting(text) > limits.max_filter_depth:
        raise ScimError(400, f"the filter nests deeper than {limits.max_filter_depth} levels",
                        "invalidFilter")


def _nesting(text: str) -> int:
    depth = deepest = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "([":
            depth += 1
            deepest = max(deepest, depth)
        elif char in ")]":
            depth -= 1
    return deepest


def check_strings(document: Any, limits: ScimLimits = DEFAULT, where: str = "") -> None:
    """Refuse any string value longer than ``max_string_length`` (400 ``invalidValue``)."""
    stack: list[tuple[str, Any]] = [(where, document)]
    while stack:  # iterative: the body's depth is bounded, but recursion is not needed
        path, value = stack.pop()
        if isinstance(value, str):
            if len(value) > limits.max_string_length:
                raise _invalid(f"{path or 'a value'} is longer than "
                               f"{limits.max_string_length} characters")
        elif isinstance(value, Mapping):
            stack.extend((f"{path}.{k}" if path else str(k), v) for k, v in value.items())
        elif isinstance(value, list):
            stack.extend((path, v) for v in value)


def check_user(document: Mapping[str, Any], limits: ScimLimits = DEFAULT) -> None:
    """At most ``max_values_per_attribute`` emails, phoneNumbers, addresses, ... per User."""
    for key, value in document.items():
        name = _canonical(key, USER_LISTS)
        if name and isinstance(value, list) and len(value) > limits.max_values_per_attribute:
            raise _invalid(f"{name} has more than {limits.max_values_per_attribute} values")


def check_group(document: Mapping[str, Any], limits: ScimLimits = DEFAULT) -> None:
    """At most ``max_members_per_request`` members in one Group payload."""
    for key, value in document.items():
        if key.lower() == "members" and isinstance(value, list):
            _check_members(len(value), limits)


def check_patch(document: Mapping[str, Any], resource: str,
                limits: ScimLimits = DEFAULT) -> None:
    """Bound a PatchOp (RFC 7644 §3.5.2): operations, members added, values per attribute."""
    operations = document.get("Operations", document.get("operations"))
    if not isinstance(operations, list):
        return
    if len(operations) > limits.max_patch_operations:
        raise _invalid(f"a PATCH may carry at most {limits.max_patch_operations} operations")
    members = 0
    for op in operations:
        if not isinstance(op, Mapping):
            continue
        path, value = op.get("path"), op.get("value")
        if isinstance(value, Mapping):
            check_resource(value, resource, limits)
        elif isinstance(value, list) and isinstance(path, str):
            check_resource({path.split("[", 1)[0]: value}, resource, limits)
            members += len(value) if path.lower().startswith("members") else 0
    _check_members(members, limits)


def check_resource(document: Mapping[str, Any], resource: str,
                   limits: ScimLimits = DEFAULT) -> None:
    if resource == "Users":
        check_user(document, limits)
    elif resource == "Groups":
        check_group(document, limits)


def check_request(method: str, tail: Sequence[str], params: Mapping[str, str],
                  document: Any, limits: ScimLimits = DEFAULT) -> None:
    """Every check that applies to one request under ``/scim/v2/{org}/``.

    ``tail`` is the path after the org (``["Users", "<id>"]``), ``params`` the
    query, ``document`` the parsed JSON body or None.
    """
    if "filter" in params:
        check_filter(params["filter"], limits)
    if not isinstance(document, Mapping):
        if document is not None:
            check_strings(document, limits)
        return
    if isinstance(document.get("filter"), str):  # POST .search (RFC 7644 §3.4.3)
        check_filter(document["filter"], limits)
    check_strings({k: v for k, v in document.items() if k != "filter"}, limits)
    resource = tail[0] if tail else ""
    if resource == "Bulk":
        check_bulk(document, limits)
    elif method == "PATCH":
        check_patch(document, resource, limits)
    elif method in ("POST", "PUT"):
        check_resource(document, resource, limits)


def check_bulk(document: Mapping[str, Any], limits: ScimLimits = DEFAULT) -> None:
    """The per-resource limits on each operation's ``data`` (RFC 7644 §3.7); the
    operation count and payload size are announced and enforced by ``/Bulk`` itself."""
    operations = document.get("Operations")
    for op in operations if isinstance(operations, list) else ():
        if not isinstance(op, Mapping) or not isinstance(op.get("data"), Mapping):
            continue
        path, method = str(op.get("path", "")), str(op.get("method", "")).upper()
        check_request(method, path.strip("/").split("/"), {}, op["data"], limits)


def _check_members(count: int, limits: ScimLimits) -> None:
    if count > limits.max_members_per_request:
        raise _invalid(f"at most {limits.max_members_per_request} group members per request")


def _canonical(key: str, names: Sequence[str]) -> str | None:
    lowered = key.lower()
    return next((n for n in names if n.lower() == lowered), None)


def _invalid(detail: str) -> ScimError:
    return ScimError(400, detail, "invalidValue")
