"""Create an organization (platform key, or the CLI's demo)."""

from __future__ import annotations

import re

from provisor.domain.deps import Deps
from provisor.domain.errors import Conflict, InvalidValue
from provisor.domain.event import Actor
from provisor.domain.observe import use_case
from provisor.domain.org import Organization, OrgSettings

SLUG = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")


@use_case("organization.create")
def create_organization(
    deps: Deps, *, actor: Actor, slug: str, name: str, settings: OrgSettings | None = None,
) -> Organization:
    """Slugs are lowercase letters, digits and inner hyphens, up to 63 characters."""
    if not SLUG.fullmatch(slug):
        raise InvalidValue("slug must be lowercase letters, digits and hyphens", field="slug")
    if not name.strip():
        raise InvalidValue("name is required", field="name")
    with deps.uow(write=True) as uow:
        if uow.orgs.get_by_slug(slug) is not None:
            raise Conflict("an organization with this slug exists", field="slug")
        org = Organization(id=deps.new_id(), slug=slug, name=name.strip(),
                           created_at=deps.clock(), settings=settings or OrgSettings())
        uow.orgs.add(org)
        deps.record(uow, org_id=org.id, actor=actor, action="organization.created",
                    target_type="organization", target_id=org.id)
        uow.commit()
        return org
