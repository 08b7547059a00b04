"""The attribute definitions of the resources this facade serves (RFC 7643 §4, §8.7).

One small table drives filters (value type and ``caseExact``), PATCH paths and
body parsing (canonical spelling, sub-attributes, mutability) and the
``attributes``/``excludedAttributes`` projection. It is written out here
rather than derived from scim2-models' pydantic fields because the facade
needs the canonical camelCase names and the RFC's caseExact flags in one
case-insensitive lookup, on plain dicts, on every request.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from provisor.domain.member import ENTERPRISE_URN
from provisor.domain.query import ValueType

CORE_USER_URN = "urn:ietf:params:scim:schemas:core:2.0:User"
CORE_GROUP_URN = "urn:ietf:params:scim:schemas:core:2.0:Group"

S, B, D = ValueType.STRING, ValueType.BOOLEAN, ValueType.DATETIME


@dataclass(frozen=True, slots=True)
class Attribute:
    name: str
    type: ValueType = S
    case_exact: bool = False
    multi: bool = False
    subs: tuple[Attribute, ...] = ()
    read_only: bool = False

    def sub(self, name: str) -> Attribute | None:
        lowered = name.lower()
        return next((s for s in self.subs if s.name.lower() == lowered), None)


def _a(name: str, kind: ValueType = S, *, exact: bool = False) -> Attribute:
    return Attribute(name, kind, exact)


def _multi(name: str, *subs: str, read_only: bool = False) -> Attribute:
    """A multi-valued complex attribute with the usual value/display/type/primary."""
    names = ("value", "display", "type", *subs)
    parts = tuple(_a(n, exact=n == "$ref") for n in dict.fromkeys(names))
    return Attribute(name, multi=True, subs=(*parts, _a("primary", B)), read_only=read_only)


META = Attribute("meta", read_only=True, subs=(
    _a("resourceType"), _a("created", D), _a("lastModified", D), _a("location", exact=True),
    _a("version", exact=True)))

USER_CORE: tuple[Attribute, ...] = (
    Attribute("id", case_exact=True, read_only=True),
    _a("externalId", exact=True),
    _a("userName"),
    Attribute("name", subs=tuple(_a(n) for n in (
        "formatted", "familyName", "givenName", "middleName", "honorificPrefix",
        "honorificSuffix"))),
    *(_a(n) for n in ("displayName", "nickName", "title", "userType", "preferredLanguage",
                      "locale", "timezone")),
    _a("profileUrl", exact=True),
    _a("active", B),
    _a("password", exact=True),
    _multi("emails"), _multi("phoneNumbers"), _multi("ims"), _multi("photos"),
    _multi("addresses", "formatted", "streetAddress", "locality", "region", "postalCode",
           "country"),
    _multi("entitlements"), _multi("roles"), _multi("x509Certificates"),
    _multi("groups", "$ref", read_only=True),
    META,
)

ENTERPRISE: tuple[Attribute, ...] = (
    *(_a(n) for n in ("employeeNumber", "costCenter", "organization", "division",
                      "department")),
    Attribute("manager", subs=(_a("value", exact=True), _a("$ref", exact=True),
                               _a("displayName"))),
)

GROUP_CORE: tuple[Attribute, ...] = (
    Attribute("id", case_exact=True, read_only=True),
    _a("externalId", exact=True),
    _a("displayName"),
    Attribute("members", multi=True, subs=(
        _a("value", exact=True), _a("$ref", exact=True), _a("display"), _a("type"))),
    META,
)


@dataclass(frozen=True)
class ResourceSchema:
    """A resource's attributes; ``custom_urn`` names the org's own extension, if any.

    ``key`` identifies the schema's content (hashable): anything derived from a
    schema (a parsed filter, say) may be cached under ``(schema.key, input)``.
    """

    name: str
    core_urn: str
    core: dict[str, Attribute]
    extensions: dict[str, dict[str, Attribute]] = field(default_factory=dict)
    custom_urn: str | None = None
    key: tuple[object, ...] = ()

    def __hash__(self) -> int:
        return hash((self.name, self.key))

    def with_custom(self, urn: str, attributes: tuple[Attribute, ...]) -> ResourceSchema:
        """This schema plus an org's custom extension (validated values, see ``custom``)."""
        signature = tuple((a.name, a.type.value, a.case_exact, a.multi) for a in attributes)
        return ResourceSchema(self.name, self.core_urn, self.core,
                              {**self.extensions, urn: _index(attributes)}, urn,
                              (*self.key, urn, signature))

    def extension_urn(self, text: str) -> str | None:
        """The canonical spelling of an extension URN, matched case-insensitively."""
        lowered = text.lower()
        return next((u for u in self.extensions if u.lower() == lowered), None)

    def lookup(self, urn: str | None, name: str) -> tuple[str | None, Attribute] | None:
        """Resolve ``[urn:]name``; the core URN prefix is allowed and dropped."""
        if urn is None or urn.lower() == self.core_urn.lower():
            found = self.core.get(name.lower())
            return (None, found) if found else None
        canonical = self.extension_urn(urn)
        if canonical is None:
            return None
        found = self.extensions[canonical].get(name.lower())
        return (canonical, found) if found else None


def _index(attrs: tuple[Attribute, ...]) -> dict[str, Attribute]:
    return {a.name.lower(): a for a in attrs}


USER = ResourceSchema("User", CORE_USER_URN, _index(USER_CORE),
                      {ENTERPRISE_URN: _index(ENTERPRISE)}, key=("User",))
GROUP = ResourceSchema("Group", CORE_GROUP_URN, _index(GROUP_CORE), key=("Group",))


def split_urn_key(schema: ResourceSchema, key: str) -> tuple[str | None, str]:
    """``urn:…:enterprise:2.0:User:department`` → (URN, "department"); else (None, key).

    A key that is exactly an extension URN comes back as (URN, "").
    """
    if not key.lower().startswith("urn:"):
        return None, key
    whole = schema.extension_urn(key)
    if whole is not None:
        return whole, ""
    for urn in (schema.core_urn, *schema.extensions):
        if key.lower().startswith(urn.lower() + ":"):
            return (None if urn == schema.core_urn else urn), key[len(urn) + 1:]
    urn, _, rest = key.rpartition(":")
    return urn, rest
