"""Settings edits a dashboard makes, as ``update_organization`` edit functions.

Each edit sets only the fields it is given and returns the names it changed;
``update_organization`` validates the result and records one event.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from provisor.domain import listing
from provisor.domain.deps import Deps
from provisor.domain.errors import InvalidValue
from provisor.domain.event import Actor
from provisor.domain.member import RoleSource
from provisor.domain.observe import use_case
from provisor.domain.org import (
    EmailPolicy,
    IdentityProvider,
    Organization,
    OrgSettings,
    SsoConnection,
    SsoStatus,
)
from provisor.domain.ports import UnitOfWork
from provisor.domain.query import Compare, ListQuery, Op
from provisor.domain.role import normalize_role_name
from provisor.domain.usecases._groups import recompute_roles
from provisor.domain.usecases.dashboard_read import get_organization
from provisor.domain.usecases.update_organization import SettingsEdit, set_sso, update_organization

UNSET: object = object()


@dataclass(slots=True)
class SettingsPatch:
    """Fields left UNSET are not changed; ``seat_limit=None`` removes the limit."""

    idp: IdentityProvider | object = UNSET
    default_role: str | object = UNSET
    auto_activate: bool | object = UNSET
    sync_groups: bool | object = UNSET
    email_policy: EmailPolicy | object = UNSET
    domain_restriction: bool | object = UNSET
    seat_limit: int | object | None = UNSET

    def edit(self) -> SettingsEdit:
        def apply(settings: OrgSettings) -> list[str]:
            changed = []
            for f in fields(self):
                value = getattr(self, f.name)
                if value is UNSET:
                    continue
                if f.name == "default_role" and isinstance(value, str):
                    value = normalize_role_name(value)
                if getattr(settings, f.name) != value:
                    setattr(settings, f.name, value)
                    changed.append(f.name)
            return changed
        return apply


@use_case("organization.update_settings")
def update_settings(
    deps: Deps, *, org_id: str, actor: Actor, patch: SettingsPatch, name: str | None = None,
) -> Organization:
    """A new default role reaches every member whose role comes from the default."""
    with deps.shared_transaction() as tx:
        before = get_organization(tx, org_id=org_id).settings.default_role
        org = update_organization(tx, org_id=org_id, actor=actor, edit=patch.edit(), name=name)
        if org.settings.default_role != before:
            with tx.uow(write=True) as uow:
                _recompute_defaulted(uow, org)
    return org


def _recompute_defaulted(uow: UnitOfWork, org: Organization, batch: int = 500) -> None:
    where = Compare(listing.ROLE_SOURCE, Op.EQ, RoleSource.DEFAULT_ROLE.value)
    start = 1
    while page := uow.members.find_listed(org.id, ListQuery(
            filter=where, start_index=start, count=batch)).items:
        recompute_roles(uow, org, [m.id for m in page])
        start += batch


@use_case("organization.configure_sso")
def configure_sso(deps: Deps, *, org_id: str, actor: Actor, sso: SsoConnection) -> Organization:
    return update_organization(deps, org_id=org_id, actor=actor, edit=set_sso(sso),
                               action="sso.configured")


@use_case("organization.set_sso_status")
def set_sso_status(deps: Deps, *, org_id: str, actor: Actor, status: SsoStatus) -> Organization:
    def edit(settings: OrgSettings) -> list[str]:
        if settings.sso is None:
            raise InvalidValue("configure SSO before changing its status", field="status")
        if settings.sso.status is status:
            return []
        settings.sso.status = status
        return ["sso.status"]
    return update_organization(deps, org_id=org_id, actor=actor, edit=edit,
                               action="sso.status_set")
