"""The org's custom attributes as a SCIM extension schema (RFC 7643 §3.3, §7).

Each request that touches Users builds an ``OrgUserSchema``: the User schema
of the calling org, which is the global ``attributes.USER`` unless the request
names the org's extension URN (in a body, a PATCH path, a filter, sortBy or an
attribute list) or a member it reads or writes carries values under it. Only
then are the org's definitions read, once per request. Most orgs define no
custom attributes and their clients never send the URN, so their requests
run no extra query; nothing is cached across requests, so a definition added
or removed through GraphQL is seen by the very next request in every process
(no TTL, no invalidation to get wrong).

Values are validated in one shape on every write (POST, PUT, PATCH result,
Bulk) by ``OrgUserSchema.check``, through the pydantic model scim2-models
builds from the published schema, so what /Schemas announces and what is
accepted cannot drift apart. Values of an attribute whose definition was
removed stay in profiles (see the use case) but are neither shown nor kept by
the next write.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from pydantic import ValidationError
from scim2_models import Attribute, Extension, Schema

from provisor.domain.custom_attributes import (
    CustomAttribute,
    CustomAttributeType,
    custom_schema_urn,
    has_custom_values,
)
from provisor.domain.errors import InvalidValue
from provisor.domain.member import Member
from provisor.domain.query import Attr, ValueType
from provisor.domain.usecases.custom_attributes import list_custom_attributes
from provisor.scim import attributes as scim_attributes
from provisor.scim.attributes import USER, ResourceSchema
from provisor.scim.bodies import MAX_TEXT
from provisor.scim.context import ScimContext
from provisor.scim.tracing import tolerated

SCHEMA_NAME = "CustomUser"
INT64 = 2**63


def extension_schema(org_slug: str, attributes: tuple[CustomAttribute, ...]) -> Schema:
    """The org's extension schema, as /Schemas publishes it."""
    return Schema(
        id=custom_schema_urn(org_slug), name=SCHEMA_NAME,
        description="Custom attributes this organization defines for its members",
        attributes=[_attribute(a) for a in attributes])


def _attribute(attribute: CustomAttribute) -> Attribute:
    return Attribute(
        name=attribute.name, type=Attribute.Type(attribute.type.value),
        multi_valued=attribute.multi_valued, description=attribute.description or None,
        required=False, case_exact=attribute.case_exact, mutability="readWrite",
        returned="default", uniqueness="none")


@lru_cache(maxsize=256)
def _model(org_slug: str, attributes: tuple[CustomAttribute, ...]) -> type[Extension]:
    return Extension.from_schema(extension_schema(org_slug, attributes))


@lru_cache(maxsize=256)
def user_schema(org_slug: str, attributes: tuple[CustomAttribute, ...]) -> ResourceSchema:
    """``USER`` plus the org's extension, for body parsing, PATCH paths, filters, sortBy
    and projections. Non-string values are marked caseExact: case folding means
    nothing for them, and sorting must not turn them into lowercased text."""
    return USER.with_custom(custom_schema_urn(org_slug), tuple(
        scim_attributes.Attribute(
            a.name, ValueType(a.type.value),
            a.case_exact or a.type is not CustomAttributeType.STRING, a.multi_valued)
        for a in attributes))


def coerce_extension(
    org_slug: str, attributes: tuple[CustomAttribute, ...], value: Any,
) -> dict[str, Any]:
    """Validate one custom extension object; names are matched ignoring case.

    Values are coerced the way Entra needs (``"False"`` → ``false``, ``"12"`` →
    ``12``); unknown attributes and wrong types are ``invalidValue``. Strings are
    bounded and NUL-free (PostgreSQL cannot store NUL in JSON), integers fit in
    64 bits, decimals are finite, dateTimes are stored in UTC (``…Z``) so that
    they sort and compare as text.
    """
    urn = custom_schema_urn(org_slug)
    if not isinstance(value, dict):
        raise InvalidValue(f"{urn} must be an object", field=urn)
    if not attributes:
        raise InvalidValue("this organization defines no custom attributes", field=urn)
    by_name = {a.name.lower(): a for a in attributes}
    for key, raw in value.items():
        defined = by_name.get(key.lower()) if isinstance(key, str) else None
        if defined is not None:
            _precheck(defined, raw, urn)
    try:
        model = _model(org_slug, attributes).model_validate(value)
    except ValidationError as exc:
        names = ", ".join(str(e["loc"][0]) for e in exc.errors() if e["loc"])
        raise InvalidValue(f"invalid custom attribute value(s): {names}", field=urn) from exc
    dumped: dict[str, Any] = model.model_dump(by_alias=True, exclude_none=True)
    dumped.pop("schemas", None)
    return {name: _normalized(by_name[name.lower()], v, urn) for name, v in dumped.items()}


def _precheck(defined: CustomAttribute, raw: Any, urn: str) -> None:
    """What pydantic's lax mode would accept but SCIM does not: a JSON boolean
    as a number. Records Entra's string booleans as a tolerated quirk."""
    values = raw if isinstance(raw, list) else [raw]
    kind = defined.type
    for item in values:
        if isinstance(item, bool) and kind in (CustomAttributeType.INTEGER,
                                               CustomAttributeType.DECIMAL):
            raise InvalidValue(f"invalid custom attribute value(s): {defined.name}", field=urn)
        if isinstance(item, str) and kind is CustomAttributeType.BOOLEAN:
            tolerated("entra.string_boolean")


def _normalized(defined: CustomAttribute, value: Any, urn: str) -> Any:
    if isinstance(value, list):
        return [_one(defined, v, urn) for v in value]
    return _one(defined, value, urn)


def _one(defined: CustomAttribute, value: Any, urn: str) -> Any:
    bad = InvalidValue(f"invalid custom attribute value(s): {defined.name}", field=urn)
    if defined.type is CustomAttributeType.DATETIME:
        return _utc(value, bad)
    if isinstance(value, str):
        if "\x00" in value or len(value) > MAX_TEXT:
            raise bad
    elif isinstance(value, bool):
        pass
    elif isinstance(value, int):
        if not -INT64 <= value < INT64:
            raise bad
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise bad
    else:  # scim2-models gave back a type a custom attribute cannot have
        raise bad
    return value


def _utc(value: Any, bad: InvalidValue) -> str:
    """An xsd:dateTime as UTC text (``2024-03-01T08:00:00Z``), so stored values
    order as text; one without an offset is taken as UTC (RFC 7643 §2.3.5)."""
    try:
        instant = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    except ValueError as exc:
        raise bad from exc
    instant = instant if instant.tzinfo else instant.replace(tzinfo=UTC)
    return instant.astimezone(UTC).isoformat().replace("+00:00", "Z")


def coerce_profile(
    profile: dict[str, Any], org_slug: str, attributes: tuple[CustomAttribute, ...],
) -> dict[str, Any]:
    """A copy of ``profile`` whose custom extension is validated; empty ones are dropped."""
    urn = custom_schema_urn(org_slug)
    key = next((k for k in profile if k.lower() == urn.lower()), None)
    if key is None:
        return profile
    result = {k: v for k, v in profile.items() if k != key}
    if profile[key] is None:
        return result
    values = coerce_extension(org_slug, attributes, profile[key])
    if values:
        result[urn] = values
    return result


class OrgUserSchema:
    """The User schema of one request's org; the definitions are read at most once."""

    def __init__(self, scim: ScimContext) -> None:
        self.scim = scim
        self.urn = custom_schema_urn(scim.org.slug)
        self._needle = self.urn.lower()
        self._definitions: tuple[CustomAttribute, ...] | None = None

    def definitions(self) -> tuple[CustomAttribute, ...]:
        if self._definitions is None:
            self._definitions = definitions(self.scim)
        return self._definitions

    def mentioned(self, *sources: Any) -> bool:
        """Whether any key or string in ``sources`` (JSON values) names the org's URN."""
        stack = list(sources)
        while stack:
            value = stack.pop()
            if isinstance(value, str):
                if self._needle in value.lower():
                    return True
            elif isinstance(value, dict):
                stack.extend(value.keys())
                stack.extend(value.values())
            elif isinstance(value, list | tuple):
                stack.extend(value)
        return False

    def schema(self, *sources: Any) -> ResourceSchema:
        """``USER``, or ``USER`` with the org's extension when ``sources`` name its URN."""
        if not self.mentioned(*sources):
            return USER
        return self.full()

    def listing(self, params: dict[str, Any]) -> ResourceSchema:
        """The schema for a listing's filter, sortBy and attribute lists."""
        if not self.mentioned(params):
            return USER
        return self.full()

    def full(self) -> ResourceSchema:
        return user_schema(self.scim.org.slug, self.definitions())

    def for_members(self, members: list[Member]) -> ResourceSchema:
        """The schema to show ``members`` with: the extension is loaded only when one
        of them carries values under the org's URN (profiles keep it canonical)."""
        if any(has_custom_values(m.profile) for m in members):
            return self.full()
        return USER

    def check(self, profile: dict[str, Any]) -> dict[str, Any]:
        """The profile with its custom values validated (and coerced)."""
        if not any(k.lower() == self._needle for k in profile):
            return profile
        return coerce_profile(profile, self.scim.org.slug, self.definitions())


def definitions(scim: ScimContext) -> tuple[CustomAttribute, ...]:
    return tuple(list_custom_attributes(scim.deps, org_id=scim.org.id))


def custom_filter_attr(
    org_slug: str, attributes: tuple[CustomAttribute, ...], name: str,
) -> Attr | None:
    """The domain filter attribute for ``<org URN>:<name>``, or None if not defined."""
    for attribute in attributes:
        if attribute.name.lower() == name.lower():
            return Attr((custom_schema_urn(org_slug), attribute.name),
                        ValueType(attribute.type.value), attribute.case_exact)
    return None
