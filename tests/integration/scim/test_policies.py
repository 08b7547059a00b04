"""Each org policy through HTTP, with its SCIM error."""

from __future__ import annotations

from datetime import UTC, datetime

from provisor.domain.deps import Deps
from provisor.domain.org import EmailDomain, EmailPolicy, ProvisioningMethod
from provisor.domain.role import GroupRoleMapping, RoleMapping
from tests.integration.scim.helpers import Scim, configure, patch, user_body


def test_provisioning_method_not_scim_is_403(scim: Scim, deps: Deps) -> None:
    configure(deps, scim.org, lambda s: setattr(s, "provisioning", ProvisioningMethod.NONE))
    response = scim.call("GET", "/Users")
    assert response.status_code == 403 and response.json()["status"] == "403"


def test_domain_restriction_refuses_unverified_domains(scim: Scim, deps: Deps) -> None:
    with deps.uow(write=True) as uow:
        uow.orgs.save_domain(EmailDomain(scim.org.id, "example.com", "t", True,
                                         datetime.now(UTC)))
        uow.commit()
    configure(deps, scim.org, lambda s: setattr(s, "domain_restriction", True))
    assert scim.call("POST", "/Users", user_body()).status_code == 201
    body = user_body()
    body["emails"] = [{"value": "x@elsewhere.org", "primary": True}]
    assert scim.call("POST", "/Users", body).status_code == 403


def test_email_immutable_refuses_email_changes_with_mutability(scim: Scim, deps: Deps) -> None:
    user = scim.user()
    configure(deps, scim.org, lambda s: setattr(s, "email_policy", EmailPolicy.IMMUTABLE))
    response = scim.call("PATCH", f"/Users/{user['id']}", patch(
        {"op": "replace", "path": 'emails[type eq "work"].value', "value": "n@example.com"}))
    assert response.status_code == 400 and response.json()["scimType"] == "mutability"


def test_seat_limit_refuses_create_and_reactivation_and_deactivation_frees_a_seat(
        scim: Scim, deps: Deps) -> None:
    with deps.uow() as uow:
        used = uow.members.seats_used(scim.org.id)
    configure(deps, scim.org, lambda s: setattr(s, "seat_limit", used + 1))
    user = scim.user()
    assert scim.call("POST", "/Users", user_body()).status_code == 403
    scim.call("PATCH", f"/Users/{user['id']}", patch({"op": "replace", "value": {"active": False}}))
    other = scim.user()
    back = scim.call("PATCH", f"/Users/{user['id']}",
                     patch({"op": "replace", "value": {"active": True}}))
    assert other["active"] is True and back.status_code == 403


def test_sync_groups_off_refuses_group_writes_but_not_reads(scim: Scim, deps: Deps) -> None:
    group = scim.group()
    configure(deps, scim.org, lambda s: setattr(s, "sync_groups", False))
    assert scim.call("POST", "/Groups", {"displayName": "nope"}).status_code == 403
    assert scim.call("DELETE", f"/Groups/{group['id']}").status_code == 403
    assert scim.call("GET", f"/Groups/{group['id']}").status_code == 200


def test_auto_activate_off_creates_invited_members_that_scim_sees_active(
        scim: Scim, deps: Deps) -> None:
    configure(deps, scim.org, lambda s: setattr(s, "auto_activate", False))
    user = scim.user()
    group = scim.group(members=[user["id"]])
    with deps.uow() as uow:
        member = uow.members.get(scim.org.id, user["id"])
        pending = uow.groups.members(scim.org.id, group["id"])
    assert member is not None and member.state.value == "invited" and user["active"] is True
    assert [p.pending for p in pending] == [True]


def test_roles_come_from_role_mappings_then_group_mappings(scim: Scim, deps: Deps) -> None:
    with deps.uow(write=True) as uow:
        uow.roles.set_role_mapping(RoleMapping(scim.org.id, "admins", "admin"))
        uow.commit()
    mapped = scim.user(roles=[{"value": "ADMINS"}])
    plain = scim.user()
    group = scim.group()
    with deps.uow(write=True) as uow:
        uow.roles.set_group_role_mapping(GroupRoleMapping(scim.org.id, group["id"], "viewer"))
        uow.commit()
    scim.call("PATCH", f"/Groups/{group['id']}",
              patch({"op": "add", "path": "members", "value": [{"value": plain["id"]}]}))
    with deps.uow() as uow:
        roles = {m.id: m.role for m in uow.members.get_many(scim.org.id,
                                                            [mapped["id"], plain["id"]])}
    assert roles == {mapped["id"]: "admin", plain["id"]: "viewer"}


def test_failed_writes_are_recorded_in_the_audit_log(scim: Scim, deps: Deps) -> None:
    scim.call("POST", "/Users", {"userName": 12})
    with deps.uow() as uow:
        failures = uow.events.find(scim.org.id, outcome="failure")
    assert [(e.action, e.error_code) for e in failures] == [("member.create", "invalid_value")]
