"""Enable SCIM (after the readiness checklist) or disable it with a mode."""

from __future__ import annotations

from provisor.domain.deps import Deps
from provisor.domain.errors import ScimNotReady
from provisor.domain.event import Actor
from provisor.domain.member import MemberState
from provisor.domain.observe import use_case
from provisor.domain.org import DisableMode, Organization, ProvisioningMethod
from provisor.domain.token import CredentialKind
from provisor.domain.usecases._policy import load_org


@use_case("scim.enable")
def enable_scim(deps: Deps, *, org_id: str, actor: Actor) -> Organization:
    """Refuses with every missing prerequisite named."""
    with deps.uow(write=True) as uow:
        org = load_org(uow, org_id)
        missing = org.scim_readiness()
        if missing:
            raise ScimNotReady(missing)
        if not org.scim_enabled:
            org.settings.provisioning = ProvisioningMethod.SCIM
            uow.orgs.save(org)
            deps.record(uow, org_id=org.id, actor=actor, action="scim.enabled",
                        target_type="organization", target_id=org.id)
            uow.commit()
        return org


@use_case("scim.disable")
def disable_scim(
    deps: Deps, *, org_id: str, actor: Actor, mode: DisableMode = DisableMode.SOFT,
) -> tuple[Organization, int]:
    """SOFT: SCIM members become manual and stay active. LOCK: they are deactivated.

    Either way every SCIM token of the org is revoked in the same transaction,
    so the next request with any of them is refused in every process.
    Returns the org and how many members were affected.
    """
    with deps.uow(write=True) as uow:
        org = load_org(uow, org_id)
        now = deps.clock()
        org.settings.provisioning = ProvisioningMethod.NONE
        uow.orgs.save(org)
        revoked = uow.credentials.revoke_all(org.id, CredentialKind.SCIM_TOKEN, now)
        ids = uow.members.ids_managed_by_scim(org.id)
        lock = mode is DisableMode.LOCK
        uow.members.set_state_bulk(
            org.id, ids, state=MemberState.DEACTIVATED if lock else None,
            managed_by_manual=not lock, at=now,
        )
        deps.record(uow, org_id=org.id, actor=actor, action=f"scim.disabled.{mode.value}",
                    target_type="organization", target_id=org.id,
                    attributes=(f"members:{len(ids)}", f"tokens_revoked:{revoked}"))
        uow.commit()
        return org, len(ids)
