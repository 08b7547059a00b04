"""Change an organization's settings (dashboards; the CLI's demo)."""

from __future__ import annotations

from collections.abc import Callable

from provisor.domain.deps import Deps
from provisor.domain.errors import InvalidValue
from provisor.domain.event import Actor
from provisor.domain.observe import use_case
from provisor.domain.org import Organization, OrgSettings, SsoConnection
from provisor.domain.usecases._policy import load_org, roles_by_name

SettingsEdit = Callable[[OrgSettings], list[str]]


@use_case("organization.update")
def update_organization(
    deps: Deps, *, org_id: str, actor: Actor, edit: SettingsEdit, action: str = "settings.updated",
    name: str | None = None,
) -> Organization:
    """Apply ``edit`` (which returns the names it changed) and validate the result."""
    with deps.uow(write=True) as uow:
        org = load_org(uow, org_id)
        changed = edit(org.settings)
        if name is not None and name.strip() != org.name:
            if not name.strip():
                raise InvalidValue("name is required", field="name")
            org.name = name.strip()
            changed.append("name")
        _validate(org.settings, set(roles_by_name(uow, org.id)))
        if changed:
            uow.orgs.save(org)
            deps.record(uow, org_id=org.id, actor=actor, action=action,
                        target_type="organization", target_id=org.id, attributes=tuple(changed))
            uow.commit()
        return org


def _validate(settings: OrgSettings, roles: set[str]) -> None:
    if settings.default_role is not None and settings.default_role not in roles:
        raise InvalidValue("default role does not exist", field="defaultRole")
    if settings.seat_limit is not None and settings.seat_limit < 0:
        raise InvalidValue("seat limit must not be negative", field="seatLimit")


def set_sso(sso: SsoConnection) -> SettingsEdit:
    def edit(settings: OrgSettings) -> list[str]:
        if not sso.issuer.strip():
            raise InvalidValue("issuer or metadata URL is required", field="issuer")
        settings.sso = sso
        return ["sso"]
    return edit
