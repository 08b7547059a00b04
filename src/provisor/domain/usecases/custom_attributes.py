"""Define, list and remove an org's custom member attributes.

Removing a definition leaves the values already stored in member profiles in
place (rewriting every member would touch the whole org); the SCIM facade
stops announcing and accepting the attribute at once.
"""

from __future__ import annotations

from provisor.domain.custom_attributes import (
    ATTRIBUTE_NAME,
    MAX_CUSTOM_ATTRIBUTES,
    CustomAttribute,
    CustomAttributeType,
)
from provisor.domain.deps import Deps
from provisor.domain.errors import Conflict, InvalidValue, NotFound, TooMany
from provisor.domain.event import Actor
from provisor.domain.observe import use_case
from provisor.domain.usecases._policy import load_org

TARGET = "custom_attribute"


@use_case("custom_attribute.define")
def define_custom_attribute(
    deps: Deps, *, org_id: str, actor: Actor, name: str,
    type: CustomAttributeType = CustomAttributeType.STRING, multi_valued: bool = False,
    case_exact: bool = False, description: str = "",
) -> CustomAttribute:
    """Add one attribute to the org's extension schema; names are unique ignoring case."""
    if not ATTRIBUTE_NAME.fullmatch(name):
        raise InvalidValue("an attribute name is a letter followed by up to 63 letters, "
                           "digits, '-' or '_' (RFC 7643 §2.1)", field="name")
    with deps.uow(write=True) as uow:
        org = load_org(uow, org_id)
        existing = uow.custom_attributes.list(org.id)
        if any(a.name.lower() == name.lower() for a in existing):
            raise Conflict("a custom attribute with this name exists", field="name")
        if len(existing) >= MAX_CUSTOM_ATTRIBUTES:
            raise TooMany(f"an organization may define at most {MAX_CUSTOM_ATTRIBUTES} "
                          "custom attributes")
        attribute = CustomAttribute(
            org_id=org.id, name=name, type=CustomAttributeType(type), multi_valued=multi_valued,
            case_exact=case_exact, description=description.strip()[:500],
            created_at=deps.clock())
        uow.custom_attributes.add(attribute)
        deps.record(uow, org_id=org.id, actor=actor, action="custom_attribute.defined",
                    target_type=TARGET, target_id=name)
        uow.commit()
        return attribute


@use_case("custom_attribute.remove")
def remove_custom_attribute(deps: Deps, *, org_id: str, actor: Actor, name: str) -> None:
    with deps.uow(write=True) as uow:
        org = load_org(uow, org_id)
        if not uow.custom_attributes.remove(org.id, name):
            raise NotFound("no custom attribute with this name")
        deps.record(uow, org_id=org.id, actor=actor, action="custom_attribute.removed",
                    target_type=TARGET, target_id=name)
        uow.commit()


@use_case("custom_attribute.list")
def list_custom_attributes(deps: Deps, *, org_id: str) -> list[CustomAttribute]:
    """The org's definitions, in the order they were defined."""
    with deps.uow() as uow:
        return uow.custom_attributes.list(org_id)
