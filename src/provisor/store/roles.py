"""Custom roles, IdP role mappings and group→role/workspace mappings."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Connection, bindparam, delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from provisor.domain.errors import Conflict
from provisor.domain.role import AccessLevel, GroupRoleMapping, Role, RoleMapping
from provisor.store.hot import Hot
from provisor.store.tables import group_members, group_role_mappings, role_mappings, roles

grm = group_role_mappings.c
# built once: read by every role recomputation (see provisor.store.members)
_CUSTOM_ROLES = (select(roles).where(roles.c.org_id == bindparam("org_id"))
                 .order_by(roles.c.rank.desc(), roles.c.name))
_ROLE_MAPPINGS = (select(role_mappings).where(role_mappings.c.org_id == bindparam("org_id"))
                  .order_by(role_mappings.c.idp_value))
# read by every group membership change (is the group mapped?): on the cursor
_GROUP_ROLE_MAPPINGS = Hot(select(grm.org_id, grm.group_id, grm.role, grm.workspace, grm.access)
                           .where(grm.org_id == bindparam("org_id")).order_by(grm.group_id))
_MAPPED_GROUP_ROLES = (
    select(grm.role).join(group_members, group_members.c.group_id == grm.group_id)
    .where(grm.org_id == bindparam("org_id"), group_members.c.member_id == bindparam("member_id"),
           grm.role.is_not(None)))


class SqlRoleRepository:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def custom_roles(self, org_id: str) -> list[Role]:
        rows = self.conn.execute(_CUSTOM_ROLES, {"org_id": org_id})
        return [Role(r.name, r.rank, False, r.description) for r in rows]

    def add_custom_role(self, org_id: str, role: Role) -> None:
        try:
            self.conn.execute(insert(roles).values(
                org_id=org_id, name=role.name, rank=role.rank, description=role.description))
        except IntegrityError as exc:  # a concurrent create won the race
            raise Conflict("a role with this name exists", field="name") from exc

    def delete_custom_role(self, org_id: str, name: str) -> bool:
        result = self.conn.execute(delete(roles).where(
            roles.c.org_id == org_id, roles.c.name == name))
        return result.rowcount > 0

    def role_mappings(self, org_id: str) -> list[RoleMapping]:
        rows = self.conn.execute(_ROLE_MAPPINGS, {"org_id": org_id})
        return [RoleMapping(r.org_id, r.idp_value, r.role) for r in rows]

    def set_role_mapping(self, mapping: RoleMapping) -> None:
        t = role_mappings.c
        key = (t.org_id == mapping.org_id) & (t.idp_value == mapping.idp_value)
        if self.conn.execute(update(role_mappings).where(key)
                             .values(role=mapping.role)).rowcount == 0:
            self.conn.execute(insert(role_mappings).values(
                org_id=mapping.org_id, idp_value=mapping.idp_value, role=mapping.role))

    def remove_role_mapping(self, org_id: str, idp_value: str) -> bool:
        t = role_mappings.c
        return self.conn.execute(delete(role_mappings).where(
            t.org_id == org_id, t.idp_value == idp_value)).rowcount > 0

    def group_role_mappings(self, org_id: str) -> list[GroupRoleMapping]:
        rows = _GROUP_ROLE_MAPPINGS.all(self.conn, {"org_id": org_id})
        return [GroupRoleMapping(org, group, role, workspace,
                                 AccessLevel(access) if access else None)
                for org, group, role, workspace, access in rows]

    def set_group_role_mapping(self, mapping: GroupRoleMapping) -> None:
        values = {"role": mapping.role, "workspace": mapping.workspace,
                  "access": mapping.access.value if mapping.access else None}
        key = (grm.org_id == mapping.org_id) & (grm.group_id == mapping.group_id)
        if self.conn.execute(update(group_role_mappings).where(key)
                             .values(values)).rowcount == 0:
            self.conn.execute(insert(group_role_mappings).values(
                org_id=mapping.org_id, group_id=mapping.group_id, **values))

    def remove_group_role_mapping(self, org_id: str, group_id: str) -> bool:
        return self.conn.execute(delete(group_role_mappings).where(
            grm.org_id == org_id, grm.group_id == group_id)).rowcount > 0

    def mapped_group_roles(self, org_id: str, member_id: str) -> list[str]:
        rows = self.conn.execute(_MAPPED_GROUP_ROLES, {"org_id": org_id, "member_id": member_id})
        return [r for r in rows.scalars() if r]

    def workspace_grants(self, org_id: str, member_id: str) -> list[tuple[str, AccessLevel]]:
        gm = group_members.c
        rows = self.conn.execute(
            select(grm.workspace, grm.access).join(group_members, gm.group_id == grm.group_id)
            .where(grm.org_id == org_id, gm.member_id == member_id,
                   grm.workspace.is_not(None), grm.access.is_not(None)))
        return [(r.workspace, AccessLevel(r.access)) for r in rows]

    def workspace_grants_many(
        self, org_id: str, member_ids: Sequence[str],
    ) -> dict[str, list[tuple[str, str, str]]]:
        """member id → [(workspace, access, group id)], one statement per 500 ids."""
        gm = group_members.c
        grants: dict[str, list[tuple[str, str, str]]] = {}
        ids = list(member_ids)
        for start in range(0, len(ids), 500):
            rows = self.conn.execute(
                select(gm.member_id, grm.workspace, grm.access, grm.group_id)
                .join(group_members, gm.group_id == grm.group_id)
                .where(grm.org_id == org_id, gm.member_id.in_(ids[start:start + 500]),
                       grm.workspace.is_not(None), grm.access.is_not(None))
                .order_by(grm.workspace, grm.group_id))
            for r in rows:
                grants.setdefault(r.member_id, []).append((r.workspace, r.access, r.group_id))
        return grants

