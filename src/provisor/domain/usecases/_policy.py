"""Rules several use cases share: org policies, uniqueness and role resolution."""

from __future__ import annotations

from provisor.domain.errors import (
    Conflict,
    DomainNotAllowed,
    NotFound,
    ProvisioningDisabled,
    SeatLimitReached,
)
from provisor.domain.member import Member
from provisor.domain.org import Organization, email_domain
from provisor.domain.ports import UnitOfWork
from provisor.domain.role import BUILTIN_ROLES, Role, effective_role, normalize_role_name


def load_org(uow: UnitOfWork, org_id: str) -> Organization:
    org = uow.orgs.get(org_id)
    if org is None:
        raise NotFound("organization not found")
    return org


def require_scim(org: Organization) -> None:
    if not org.scim_enabled:
        raise ProvisioningDisabled("SCIM provisioning is not enabled for this organization")


def check_email_domain(uow: UnitOfWork, org: Organization, email: str | None) -> None:
    """With domain restriction on, only verified domains may be provisioned."""
    if not org.settings.domain_restriction:
        return
    verified = {d.name for d in uow.orgs.domains(org.id) if d.verified}
    if email is None or email_domain(email) not in verified:
        raise DomainNotAllowed(
            "the email domain is not a verified domain of this organization; "
            "invite this person manually"
        )


def check_seat(uow: UnitOfWork, org: Organization) -> None:
    """Refuse to occupy one more seat past the limit."""
    limit = org.settings.seat_limit
    if limit is not None and uow.members.seats_used(org.id) >= limit:
        raise SeatLimitReached(f"the organization's seat limit ({limit}) is reached", limit=limit)


def check_unique(uow: UnitOfWork, member: Member, *, exclude_id: str | None = None) -> None:
    taken = uow.members.conflict(
        member.org_id, user_name=member.user_name, email=member.email,
        external_id=member.external_id, exclude_id=exclude_id,
    )
    if taken is not None:
        raise Conflict(f"{taken} is already in use in this organization", field=taken)


def roles_by_name(uow: UnitOfWork, org_id: str) -> dict[str, Role]:
    roles = {r.name: r for r in BUILTIN_ROLES}
    roles.update({r.name: r for r in uow.roles.custom_roles(org_id)})
    return roles


def recompute_role(
    uow: UnitOfWork, org: Organization, member: Member, *, new: bool = False,
) -> bool:
    """Set the member's effective role from overrides and mappings; True if it changed.

    ``new``: the member is being created, so it is in no group yet. Each query
    runs only when its answer can matter (issue 7: three queries on every
    create): no group roles for a new member, no role mappings without IdP
    roles, and no role catalog when neither named a role.
    """
    group_names = [] if new else uow.roles.mapped_group_roles(org.id, member.id)
    wanted = {normalize_role_name(v) for v in member.idp_roles}
    mapped = [m.role for m in uow.roles.role_mappings(org.id) if m.idp_value in wanted] \
        if wanted else []
    known = roles_by_name(uow, org.id) if group_names or mapped else {}
    group_roles = [known[n] for n in group_names if n in known]
    idp_roles = [known[n] for n in mapped if n in known]
    role, source = effective_role(
        override=member.role_override, group_roles=group_roles, idp_roles=idp_roles,
        default_role=org.settings.default_role,
    )
    changed = (role, source) != (member.role, member.role_source)
    member.role, member.role_source = role, source
    return changed
