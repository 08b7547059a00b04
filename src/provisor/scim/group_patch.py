"""PATCH operations on a group → one ``GroupChange`` with a membership delta.

Members are never loaded: ``add``/``remove`` become ids to insert or delete,
``replace members`` becomes ``replace_all``. Both IdPs' forms are accepted:
Okta's ``remove members[value eq "id"]`` + ``add members`` in one request,
its path-less ``replace {id, displayName}`` rename and ``replace members []``;
Entra's ``Add``/``Remove`` with a value list and ``members[value eq "id"]``.
"""

from __future__ import annotations

from typing import Any

from scim2_models.path import Comparison, FilterNode, LogicalExpr, LogicalOperator

from provisor.domain.errors import InvalidFilter, InvalidPath, InvalidValue, Mutability
from provisor.domain.group import MembershipDelta
from provisor.domain.usecases.update_group import GroupChange
from provisor.scim.bodies import MAX_STRING, optional_text, text
from provisor.scim.group_body import member_id, member_values
from provisor.scim.patch_ops import Operation, Target, parse_target
from provisor.scim.tracing import tolerated


def group_change(ops: list[Operation], own_id: str) -> GroupChange:
    change = GroupChange()
    for op in ops:
        if op.target is None:
            _pathless(change, op, own_id)
        else:
            _apply(change, op.op, op.target, op.value, op.has_value)
    return change


def _pathless(change: GroupChange, op: Operation, own_id: str) -> None:
    if not isinstance(op.value, dict):
        raise InvalidValue("a PATCH without path needs an object value")
    for key, value in op.value.items():
        lowered = key.lower()
        if lowered == "id" and value != own_id:
            raise Mutability("id is read-only")
        if lowered == "id":
            tolerated("okta.pathless_own_id")
        if lowered in ("displayname", "externalid", "members"):
            _apply(change, op.op, parse_target(key), value, True)


def _apply(change: GroupChange, op: str, target: Target, value: Any, has_value: bool) -> None:
    name = target.attr.lower()
    if target.urn is not None and target.urn.lower() != \
            "urn:ietf:params:scim:schemas:core:2.0:group":
        raise InvalidPath(f"{target.urn} is not a schema of Group")
    if name in ("id", "meta"):
        raise Mutability(f"{target.attr} is read-only")
    if name == "members":
        _members(change.delta, op, target, value, has_value)
    elif target.sub or target.where:
        raise InvalidPath(f"{target.attr} has no sub-attributes")
    elif name == "displayname":
        if op == "remove" or value is None:
            raise InvalidValue("displayName is required", field="displayName")
        change.display_name = text(value, "displayName", limit=MAX_STRING)
    elif name == "externalid":
        change.external_id = None if op == "remove" else \
            optional_text(value, "externalId", limit=MAX_STRING)
    else:
        raise InvalidPath(f"{target.attr} is not an attribute of Group")


def _members(delta: MembershipDelta, op: str, target: Target, value: Any,
             has_value: bool) -> None:
    if target.sub is not None and target.sub.lower() != "value":
        raise InvalidPath("only members and members.value can be changed")
    if target.where is not None:
        selected = _selected_ids(target.where)
        if op == "add":
            raise InvalidPath("add takes the path members, without a filter")
        _remove(delta, selected)
        if op == "replace":
            _add(delta, member_values(value))
    elif op == "add":
        _add(delta, member_values(value))
    elif op == "replace":
        delta.replace_all, delta.add, delta.remove = True, member_values(value), set()
    elif has_value and value is not None:  # Entra: Remove with a value list
        tolerated("entra.remove_with_value")
        _remove(delta, member_values(value))
    else:  # remove members: all of them
        delta.replace_all, delta.add, delta.remove = True, set(), set()


def _add(delta: MembershipDelta, ids: set[str]) -> None:
    delta.add |= ids
    delta.remove -= ids


def _remove(delta: MembershipDelta, ids: set[str]) -> None:
    delta.add -= ids
    if not delta.replace_all:
        delta.remove |= ids


def _selected_ids(where: FilterNode) -> set[str]:
    """``value eq "id"`` terms, possibly or-ed: the only selections that need no load."""
    terms = where.terms if isinstance(where, LogicalExpr) and \
        where.op is LogicalOperator.or_ else (where,)
    ids = set()
    for term in terms:
        if not (isinstance(term, Comparison) and term.attr_path.attr.lower() == "value"
                and term.op.value == "eq" and term.attr_path.sub_attr is None):
            raise InvalidFilter('members are selected with value eq "id" (or several, or-ed)')
        ids.add(member_id(term.value))
    return ids
