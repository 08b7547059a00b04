"""The org's custom attributes as a SCIM extension schema (RFC 7643 §3.3, §7).

Helpers the User routes call so custom values are validated and stored in one
shape: ``check_custom_extension(scim, profile)`` on every profile before it is
written (POST, PUT, PATCH result, Bulk); ``custom_filter_attr`` when a filter or
sortBy names an attribute under the org's URN. Validation goes through the
pydantic model scim2-models builds from the published schema, so what is
announced in /Schemas and what is accepted cannot drift apart.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from pydantic import ValidationError
from scim2_models import Attribute, Extension, Schema

from provisor.domain.custom_attributes import CustomAttribute, custom_schema_urn
from provisor.domain.errors import InvalidValue
from provisor.domain.query import Attr, ValueType
from provisor.domain.usecases.custom_attributes import list_custom_attributes
from provisor.scim.context import ScimContext

SCHEMA_NAME = "CustomUser"


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


def coerce_extension(
    org_slug: str, attributes: tuple[CustomAttribute, ...], value: Any,
) -> dict[str, Any]:
    """Validate one custom extension object; names are matched ignoring case.

    Values are coerced the way Entra needs (``"False"`` → ``false``, ``"12"`` →
    ``12``); unknown attributes and wrong types are ``invalidValue``.
    """
    urn = custom_schema_urn(org_slug)
    if not isinstance(value, dict):
        raise InvalidValue(f"{urn} must be an object", field=urn)
    if not attributes:
        raise InvalidValue("this organization defines no custom attributes", field=urn)
    try:
        model = _model(org_slug, attributes).model_validate(value)
    except ValidationError as exc:
        names = ", ".join(str(e["loc"][0]) for e in exc.errors() if e["loc"])
        raise InvalidValue(f"invalid custom attribute value(s): {names}", field=urn) from exc
    dumped: dict[str, Any] = model.model_dump(mode="json", by_alias=True, exclude_none=True)
    dumped.pop("schemas", None)
    return dumped


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


def check_custom_extension(scim: ScimContext, profile: dict[str, Any]) -> dict[str, Any]:
    """The profile with its custom values validated; reads definitions only when needed."""
    urn = custom_schema_urn(scim.org.slug)
    if not any(k.lower() == urn.lower() for k in profile):
        return profile
    return coerce_profile(profile, scim.org.slug, definitions(scim))


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
