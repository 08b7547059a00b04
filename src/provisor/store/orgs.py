"""Organizations and their email domains."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, bindparam, delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from provisor.domain.org import (
    EmailDomain,
    EmailPolicy,
    IdentityProvider,
    Organization,
    OrgSettings,
    ProvisioningMethod,
    SsoConnection,
    SsoProtocol,
    SsoStatus,
)
from provisor.store._util import by_value, columns_in_order, conflict_from, must_utc, utc
from provisor.store.hot import Hot
from provisor.store.tables import email_domains, organizations


def _to_row(org: Organization) -> dict[str, Any]:
    s = org.settings
    return {
        "id": org.id, "slug": org.slug, "name": org.name, "created_at": utc(org.created_at),
        "idp": s.idp.value if s.idp else None, "provisioning": s.provisioning.value,
        "default_role": s.default_role, "auto_activate": s.auto_activate,
        "sync_groups": s.sync_groups, "email_policy": s.email_policy.value,
        "domain_restriction": s.domain_restriction, "seat_limit": s.seat_limit,
        "sso_protocol": s.sso.protocol.value if s.sso else None,
        "sso_issuer": s.sso.issuer if s.sso else None,
        "sso_status": s.sso.status.value if s.sso else None,
    }


# ``from_row`` unpacks by position (as ``provisor.store.members.from_row`` does):
# it also reads the organization's half of the credential join that
# authenticates every request (``provisor.store.credentials``), whose columns
# come in this order. The check makes a change of the table fail at import.
_COLUMNS = ("id", "slug", "name", "created_at", "idp", "provisioning", "default_role",
            "auto_activate", "sync_groups", "email_policy", "domain_restriction", "seat_limit",
            "sso_protocol", "sso_issuer", "sso_status")
columns_in_order(organizations, _COLUMNS, "orgs.from_row")
_IDP, _PROVISIONING = by_value(IdentityProvider), by_value(ProvisioningMethod)
_EMAIL_POLICY = by_value(EmailPolicy)


def from_row(row: Any) -> Organization:
    """An org from a row of ``select(organizations)`` (or a tuple of its columns, in order)."""
    (id_, slug, name, created_at, idp, provisioning, default_role, auto_activate, sync_groups,
     email_policy, domain_restriction, seat_limit, sso_protocol, sso_issuer, sso_status) = row
    sso = None
    if sso_protocol:
        sso = SsoConnection(SsoProtocol(sso_protocol), sso_issuer or "",
                            SsoStatus(sso_status or "inactive"))
    settings = OrgSettings(  # read on every request: enums by dict (``by_value``)
        idp=_IDP(idp) if idp else None, provisioning=_PROVISIONING(provisioning),
        default_role=default_role, auto_activate=auto_activate, sync_groups=sync_groups,
        email_policy=_EMAIL_POLICY(email_policy),
        domain_restriction=domain_restriction, seat_limit=seat_limit, sso=sso,
    )
    return Organization(id_, slug, name, must_utc(created_at), settings)


# built once: read on every SCIM request (see provisor.store.members)
_GET = Hot(select(organizations).where(organizations.c.id == bindparam("org_id")))


class SqlOrgRepository:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def get(self, org_id: str) -> Organization | None:
        row = _GET.first(self.conn, {"org_id": org_id})
        return from_row(row) if row else None

    def get_by_slug(self, slug: str) -> Organization | None:
        row = self.conn.execute(
            select(organizations).where(organizations.c.slug == slug)).first()
        return from_row(row) if row else None

    def add(self, org: Organization) -> None:
        try:
            self.conn.execute(insert(organizations).values(_to_row(org)))
        except IntegrityError as exc:
            raise conflict_from(exc) from exc

    def save(self, org: Organization) -> None:
        values = _to_row(org)
        values.pop("id")
        self.conn.execute(update(organizations).where(organizations.c.id == org.id).values(values))

    def domains(self, org_id: str) -> list[EmailDomain]:
        rows = self.conn.execute(select(email_domains).where(email_domains.c.org_id == org_id)
                                 .order_by(email_domains.c.name))
        return [EmailDomain(r.org_id, r.name, r.verification_token, r.verified,
                            utc(r.created_at)) for r in rows]

    def save_domain(self, domain: EmailDomain) -> None:
        table = email_domains
        key = (table.c.org_id == domain.org_id) & (table.c.name == domain.name)
        values = {"verification_token": domain.verification_token, "verified": domain.verified}
        if self.conn.execute(update(table).where(key).values(values)).rowcount == 0:
            self.conn.execute(insert(table).values(
                org_id=domain.org_id, name=domain.name, created_at=utc(domain.created_at),
                **values))

    def remove_domain(self, org_id: str, name: str) -> bool:
        table = email_domains
        result = self.conn.execute(
            delete(table).where((table.c.org_id == org_id) & (table.c.name == name)))
        return result.rowcount > 0
