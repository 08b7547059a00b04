"""Attributes a dashboard lists members by, beyond the SCIM ones.

They are addressed in the domain filter AST under a private URN so they can
never collide with a SCIM attribute path; the store maps them to columns
(``MemberRepository.find_listed``).
"""

from __future__ import annotations

from provisor.domain.query import Attr

URN = "urn:provisor:member"
STATE = Attr((URN, "state"), case_exact=True)
MANAGED_BY = Attr((URN, "managedBy"), case_exact=True)
ROLE = Attr((URN, "role"), case_exact=True)
ROLE_SOURCE = Attr((URN, "roleSource"), case_exact=True)
EMAIL = Attr((URN, "email"))
DISPLAY_NAME = Attr(("displayName",))
USER_NAME = Attr(("userName",))
GROUPS = Attr(("groups",))
CREATED = Attr(("meta", "created"))
UPDATED = Attr(("meta", "lastModified"))
