"""Member listings for dashboards: the SCIM member resource plus the columns a
dashboard filters and sorts by (``provisor.domain.listing``), compiled to SQL."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import Connection

from provisor.domain import listing
from provisor.domain.member import Member
from provisor.domain.query import ListQuery, Page
from provisor.store.filters import Column, Resource
from provisor.store.pages import find_page
from provisor.store.tables import members

m = members.c


def listed_resource(base: Resource) -> Resource:
    extra = {
        listing.STATE.path: Column(m.state),
        listing.MANAGED_BY.path: Column(m.managed_by),
        listing.ROLE.path: Column(m.role),
        listing.ROLE_SOURCE.path: Column(m.role_source),
        listing.EMAIL.path: Column(m.email_ci, m.email_ci),
    }
    return Resource({**base.columns, **extra}, base.document, base.multi)


def find_listed(
    conn: Connection, base: Resource, org_id: str, query: ListQuery,
    load: Callable[[Any], Member],
) -> Page[Member]:
    return find_page(conn, members, listed_resource(base), org_id, query, load, counted=True)
