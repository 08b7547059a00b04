"""The organization (tenant) and its settings."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class IdentityProvider(StrEnum):
    OKTA = "okta"
    ENTRA = "entra"
    GOOGLE = "google"
    ONELOGIN = "onelogin"
    JUMPCLOUD = "jumpcloud"
    PING = "ping"
    AUTH0 = "auth0"
    GENERIC = "generic"


class ProvisioningMethod(StrEnum):
    NONE = "none"
    SCIM = "scim"


class EmailPolicy(StrEnum):
    MUTABLE = "mutable"
    IMMUTABLE = "immutable"


class SsoProtocol(StrEnum):
    OIDC = "oidc"
    SAML = "saml"


class SsoStatus(StrEnum):
    ACTIVE = "active"
    INACTIVE = "inactive"


class DisableMode(StrEnum):
    """How SCIM-managed members are treated when SCIM is turned off."""

    SOFT = "soft"
    LOCK = "lock"


@dataclass(slots=True)
class SsoConnection:
    """The SSO prerequisite; Provisor does not log anyone in."""

    protocol: SsoProtocol
    issuer: str
    status: SsoStatus = SsoStatus.INACTIVE


@dataclass(slots=True)
class OrgSettings:
    idp: IdentityProvider | None = None
    provisioning: ProvisioningMethod = ProvisioningMethod.NONE
    default_role: str | None = None
    auto_activate: bool = True
    sync_groups: bool = True
    email_policy: EmailPolicy = EmailPolicy.MUTABLE
    domain_restriction: bool = False
    seat_limit: int | None = None
    sso: SsoConnection | None = None


@dataclass(slots=True)
class Organization:
    id: str
    slug: str
    name: str
    created_at: datetime
    settings: OrgSettings = field(default_factory=OrgSettings)

    @property
    def scim_enabled(self) -> bool:
        return self.settings.provisioning is ProvisioningMethod.SCIM

    def scim_readiness(self) -> list[str]:
        """The prerequisites still missing before SCIM may be enabled, by name."""
        s = self.settings
        missing = []
        if s.sso is None or s.sso.status is not SsoStatus.ACTIVE:
            missing.append("sso_active")
        if not s.default_role:
            missing.append("default_role")
        if s.idp is None:
            missing.append("identity_provider")
        return missing


@dataclass(slots=True)
class EmailDomain:
    """A registered email domain; only verified domains admit SCIM users."""

    org_id: str
    name: str
    verification_token: str
    verified: bool = False
    created_at: datetime | None = None


def email_domain(email: str) -> str:
    return email.rpartition("@")[2].strip().lower()
