"""Value filters inside one resource's PATCH path (``emails[type eq "work"]``).

These select among the few values of a single attribute of a single resource
already in hand, so they are evaluated here in Python; listing filters are
never evaluated this way (they compile to SQL, see ``filtering``).
"""

from __future__ import annotations

from typing import Any

from scim2_models.path import Comparison, FilterNode, LogicalExpr, LogicalOperator, Not, Present

from provisor.domain.errors import InvalidFilter
from provisor.scim.attributes import Attribute


def matches(where: FilterNode, entry: dict[str, Any], attr: Attribute) -> bool:
    match where:
        case LogicalExpr(op=op, terms=terms):
            results = (matches(t, entry, attr) for t in terms)
            return all(results) if op is LogicalOperator.and_ else any(results)
        case Not(expr=inner):
            return not matches(inner, entry, attr)
        case Present(attr_path=path):
            return _get(entry, path.attr) not in (None, "", [], {})
        case Comparison(attr_path=path, op=op, value=value):
            sub = attr.sub(path.attr)
            return _compare(_get(entry, path.attr), op.value, value,
                            sub.case_exact if sub else False)
    raise InvalidFilter("unsupported value filter")


def seed(where: FilterNode) -> dict[str, Any] | None:
    """The entry an unmatched ``add``/``replace`` creates (Entra): the filter's
    ``eq`` terms as attributes, or None when the filter is not such a conjunction."""
    terms = where.terms if isinstance(where, LogicalExpr) and \
        where.op is LogicalOperator.and_ else (where,)
    entry: dict[str, Any] = {}
    for term in terms:
        if not isinstance(term, Comparison) or term.op.value != "eq":
            return None
        entry[term.attr_path.attr] = term.value
    return entry


def _get(entry: dict[str, Any], name: str) -> Any:
    lowered = name.lower()
    return next((v for k, v in entry.items() if k.lower() == lowered), None)


def _compare(actual: Any, op: str, expected: Any, case_exact: bool) -> bool:
    if isinstance(actual, str) and isinstance(expected, str):
        if not case_exact:
            actual, expected = actual.lower(), expected.lower()
        tests = {"eq": actual == expected, "ne": actual != expected,
                 "co": expected in actual, "sw": actual.startswith(expected),
                 "ew": actual.endswith(expected), "gt": actual > expected,
                 "ge": actual >= expected, "lt": actual < expected, "le": actual <= expected}
        return bool(tests[op])
    if op == "eq":
        return bool(actual == expected)
    if op == "ne":
        return bool(actual != expected)
    return False
