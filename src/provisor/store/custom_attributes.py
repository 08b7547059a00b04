"""An org's custom attribute definitions (the org's SCIM extension schema)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, delete, insert, select
from sqlalchemy.exc import IntegrityError

from provisor.domain.custom_attributes import CustomAttribute, CustomAttributeType
from provisor.domain.errors import Conflict
from provisor.store._util import utc
from provisor.store.tables import custom_attributes

ca = custom_attributes.c


def _from_row(row: Any) -> CustomAttribute:
    return CustomAttribute(
        org_id=row.org_id, name=row.name, type=CustomAttributeType(row.type),
        multi_valued=row.multi_valued, case_exact=row.case_exact,
        description=row.description, created_at=utc(row.created_at))


class SqlCustomAttributeRepository:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def list(self, org_id: str) -> list[CustomAttribute]:
        rows = self.conn.execute(select(custom_attributes).where(ca.org_id == org_id)
                                 .order_by(ca.created_at, ca.name_ci))
        return [_from_row(r) for r in rows]

    def add(self, attribute: CustomAttribute) -> None:
        try:
            self.conn.execute(insert(custom_attributes).values(
                org_id=attribute.org_id, name=attribute.name, name_ci=attribute.name.lower(),
                type=attribute.type.value, multi_valued=attribute.multi_valued,
                case_exact=attribute.case_exact, description=attribute.description,
                created_at=attribute.created_at))
        except IntegrityError as exc:
            raise Conflict("a custom attribute with this name exists", field="name") from exc

    def remove(self, org_id: str, name: str) -> bool:
        result = self.conn.execute(delete(custom_attributes).where(
            ca.org_id == org_id, ca.name_ci == name.lower()))
        return result.rowcount > 0
