"""Org-defined custom attributes of members, published as a SCIM schema extension.

Each org gets its own extension schema URN; a member's values live in its
profile under that URN key, exactly as a SCIM client sends them (RFC 7643 §3.3).
Custom attributes are never ``required``: IdPs send partial profiles, and an
attribute defined after members exist could not be satisfied by them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

CUSTOM_URN_PREFIX = "urn:provisor:scim:schemas:extension"
MAX_CUSTOM_ATTRIBUTES = 100
# RFC 7643 §2.1: ATTRNAME = ALPHA *(nameChar), nameChar = "-" / "_" / DIGIT / ALPHA
ATTRIBUTE_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_-]{0,63}")


class CustomAttributeType(StrEnum):
    """The SCIM data types a custom attribute may have (RFC 7643 §2.3)."""

    STRING = "string"
    BOOLEAN = "boolean"
    INTEGER = "integer"
    DECIMAL = "decimal"
    DATETIME = "dateTime"


@dataclass(frozen=True, slots=True)
class CustomAttribute:
    org_id: str
    name: str
    type: CustomAttributeType = CustomAttributeType.STRING
    multi_valued: bool = False
    case_exact: bool = False
    description: str = ""
    created_at: datetime | None = None


def custom_schema_urn(org_slug: str) -> str:
    """The org's extension URN, e.g. ``urn:provisor:scim:schemas:extension:acme:2.0:User``.

    Org slugs are lowercase letters, digits and hyphens, all valid in a URN's
    namespace-specific string (RFC 8141), so the URN needs no escaping.
    """
    return f"{CUSTOM_URN_PREFIX}:{org_slug}:2.0:User"


def has_custom_values(profile: dict[str, Any]) -> bool:
    """Whether a member's profile holds values of an org's custom extension."""
    return any(k.startswith(CUSTOM_URN_PREFIX) for k in profile)
