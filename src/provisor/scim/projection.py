"""``attributes`` / ``excludedAttributes`` (RFC 7644 §3.4.2.5, §3.9).

A projection is decided before anything is loaded, so a group read with
``excludedAttributes=members`` never touches its membership rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from provisor.domain.errors import InvalidValue
from provisor.scim.attributes import ResourceSchema, split_urn_key

ALWAYS = frozenset({"id", "schemas"})
Key = tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Projection:
    include: frozenset[Key] = frozenset()
    exclude: frozenset[Key] = frozenset()

    def wants(self, name: str) -> bool:
        """Whether a top-level attribute (canonical name) will be returned."""
        key = name.lower()
        if self.include:
            return key in ALWAYS or any(p[0] == key for p in self.include)
        return (key,) not in self.exclude

    def apply(self, doc: dict[str, Any]) -> dict[str, Any]:
        if self.include:
            return _keep(doc, self.include, top=True)
        if self.exclude:
            return _drop(doc, self.exclude)
        return doc


def projection(schema: ResourceSchema, attributes: str | None,
               excluded: str | None) -> Projection:
    if attributes and attributes.strip():
        return Projection(include=_keys(schema, attributes))
    if excluded and excluded.strip():
        return Projection(exclude=_keys(schema, excluded) - {(a,) for a in ALWAYS})
    return Projection()


def _keys(schema: ResourceSchema, text: str) -> frozenset[Key]:
    if len(text) > 4096:
        raise InvalidValue("the attribute list is too long")
    keys = set()
    for raw in text.split(","):
        name = raw.strip()
        if not name:
            continue
        urn, rest = split_urn_key(schema, name)
        parts = tuple(p.lower() for p in rest.split(".") if p)
        keys.add(((urn.lower(),) if urn else ()) + parts)
    return frozenset(keys)


def _keep(doc: dict[str, Any], paths: frozenset[Key], *, top: bool) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in doc.items():
        lowered = key.lower()
        if top and lowered in ALWAYS:
            out[key] = value
            continue
        if (lowered,) in paths:
            out[key] = value
            continue
        inner = frozenset(p[1:] for p in paths if len(p) > 1 and p[0] == lowered)
        if inner:
            kept = _nested(value, inner, keep=True)
            if kept not in (None, {}, []):
                out[key] = kept
    return out


def _drop(doc: dict[str, Any], paths: frozenset[Key]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in doc.items():
        lowered = key.lower()
        if (lowered,) in paths:
            continue
        inner = frozenset(p[1:] for p in paths if len(p) > 1 and p[0] == lowered)
        out[key] = _nested(value, inner, keep=False) if inner else value
    return out


def _nested(value: Any, paths: frozenset[Key], *, keep: bool) -> Any:
    if isinstance(value, list):
        return [_nested(v, paths, keep=keep) for v in value if isinstance(v, dict)]
    if not isinstance(value, dict):
        return None if keep else value
    return _keep(value, paths, top=False) if keep else _drop(value, paths)


def schemas_present(doc: dict[str, Any], core_urn: str) -> list[str]:
    """``schemas``: the core URN and each extension URN the document carries."""
    return [core_urn, *(k for k in doc if k.startswith("urn:"))]
