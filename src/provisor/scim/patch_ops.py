"""Parse a PatchOp request (RFC 7644 §3.5.2) into operations with parsed paths.

The path grammar is scim2-models' ``Path``. Op names match case-insensitively
because Entra sends "Add"/"Replace"/"Remove" (MS-KI). A ``remove`` without
a path is ``noTarget`` (§3.5.2.2); a malformed path is ``invalidPath``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from scim2_models import Path
from scim2_models.path import AttrPath, CompareOperator, Comparison, FilterNode, ValuePath

from provisor.domain.errors import InvalidPath, InvalidValue, NoTarget
from provisor.scim.bodies import get_ci, has_ci
from provisor.scim.errors import ScimError
from provisor.scim.tracing import tolerated

PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
OPS = ("add", "replace", "remove")
MAX_OPERATIONS = 1000


@dataclass(frozen=True, slots=True)
class Target:
    """``[urn:]attr[.sub]`` or ``attr[filter][.sub]``; ``attr`` may be the URN's tail."""

    urn: str | None
    attr: str
    sub: str | None = None
    where: FilterNode | None = None


@dataclass(frozen=True, slots=True)
class Operation:
    op: str
    target: Target | None
    value: Any
    has_value: bool


def parse_patch(body: dict[str, Any]) -> list[Operation]:
    ops = get_ci(body, "Operations")
    if not isinstance(ops, list) or not ops:
        raise ScimError(400, "Operations must be a non-empty list", "invalidSyntax")
    if len(ops) > MAX_OPERATIONS:
        raise ScimError(400, f"at most {MAX_OPERATIONS} operations per request", "tooMany")
    return [_operation(o) for o in ops]


def _operation(raw: Any) -> Operation:
    if not isinstance(raw, dict):
        raise ScimError(400, "each operation must be an object", "invalidSyntax")
    op = get_ci(raw, "op")
    if not isinstance(op, str) or op.lower() not in OPS:
        raise ScimError(400, "op must be add, replace or remove", "invalidSyntax")
    if op not in OPS:
        tolerated("entra.capitalized_op")
    path = get_ci(raw, "path")
    if path is not None and not isinstance(path, str):
        raise InvalidPath("path must be a string")
    target = parse_target(path) if path and path.strip() else None
    operation = Operation(op.lower(), target, get_ci(raw, "value"), has_ci(raw, "value"))
    if operation.op == "remove" and target is None:
        raise NoTarget("remove needs a path")
    if operation.op != "remove" and not operation.has_value:
        raise InvalidValue(f"{operation.op} needs a value")
    return operation


# Okta's and Entra's ``members[value eq "<id>"]``, with an id of plain characters:
# what scim2-models' grammar makes of it, built directly. Its Lark parser was ~11 %
# of a one-member group PATCH (issue 7 profile); any other path still goes to it
# (``tests/unit/test_patch_paths.py`` checks both give the same target).
_MEMBER_EQ = re.compile(r'members\[value eq "([A-Za-z0-9._~@:+-]+)"\]')
_VALUE = AttrPath(attr="value")


def parse_target(text: str) -> Target:
    if len(text) > 1024 or "\x00" in text:
        raise InvalidPath("the path is too long")
    plain = _MEMBER_EQ.fullmatch(text)
    if plain is not None:
        return Target(None, "members", None,
                      Comparison(attr_path=_VALUE, op=CompareOperator.eq, value=plain[1]))
    try:
        node = Path(text.strip()).ast
    except Exception as exc:  # scim2-models' InvalidPathException and ValueError
        raise InvalidPath(f"{text!r} is not a valid path") from exc
    if isinstance(node, AttrPath):
        return Target(node.uri, node.attr, node.sub_attr)
    if isinstance(node, ValuePath) and node.attr_path.sub_attr is None:
        return Target(node.attr_path.uri, node.attr_path.attr, node.sub_attr, node.val_filter)
    raise InvalidPath(f"{text!r} does not name an attribute")
