"""Rate and input limits, read from ``PROVISOR_RATE_LIMIT_*`` / ``PROVISOR_MAX_*`` /
``PROVISOR_SCIM_MAX_*``. The README's "Limits and guarantees" lists every variable with its default.

The defaults are sized for real IdPs: Microsoft Entra provisions at about
25 requests/s per app, and Okta pushes bursts of a few hundred requests when
a group is assigned, so one token gets 50 req/s sustained with a burst of 200
and an org (several tokens, e.g. during rotation) 150 req/s with a burst of 600.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from provisor.scim.limits import ScimLimits


@dataclass(frozen=True, slots=True)
class Rate:
    """A token bucket: ``per_second`` refill, at most ``burst`` requests at once."""

    per_second: float
    burst: int


@dataclass(frozen=True, slots=True)
class LimitSettings:
    rate_limit: bool = True
    token: Rate = Rate(50.0, 200)
    org: Rate = Rate(150.0, 600)
    auth_failures: Rate = Rate(1.0, 20)  # per client address
    redis_url: str | None = None
    redis_prefix: str = "provisor:rl"
    max_body_bytes: int = 2 * 1024 * 1024
    max_json_depth: int = 32
    outage_retry_after: int = 5
    scim: ScimLimits = field(default_factory=ScimLimits)

    @classmethod
    def from_env(cls) -> LimitSettings:
        d = cls()
        return cls(
            rate_limit=_str("PROVISOR_RATE_LIMIT_ENABLED", "true").lower()
            in {"1", "true", "yes", "on"},
            token=_rate("PROVISOR_RATE_LIMIT_TOKEN", d.token),
            org=_rate("PROVISOR_RATE_LIMIT_ORG", d.org),
            auth_failures=_rate("PROVISOR_RATE_LIMIT_AUTH_FAILURE", d.auth_failures),
            redis_url=os.environ.get("PROVISOR_REDIS_URL") or None,
            redis_prefix=_str("PROVISOR_RATE_LIMIT_REDIS_PREFIX", d.redis_prefix),
            max_body_bytes=_int("PROVISOR_MAX_BODY_BYTES", d.max_body_bytes),
            max_json_depth=_int("PROVISOR_MAX_JSON_DEPTH", d.max_json_depth),
            outage_retry_after=_int("PROVISOR_DB_OUTAGE_RETRY_AFTER", d.outage_retry_after),
            scim=_scim(d.scim),
        )


def _str(name: str, default: str) -> str:
    return (os.environ.get(name) or default).strip()


def _int(name: str, default: int) -> int:
    return int(_str(name, str(default)))


def _rate(prefix: str, default: Rate) -> Rate:
    return Rate(float(_str(f"{prefix}_RATE", str(default.per_second))),
                _int(f"{prefix}_BURST", default.burst))


def _scim(d: ScimLimits) -> ScimLimits:
    return ScimLimits(
        max_filter_length=_int("PROVISOR_SCIM_MAX_FILTER_LENGTH", d.max_filter_length),
        max_filter_depth=_int("PROVISOR_SCIM_MAX_FILTER_DEPTH", d.max_filter_depth),
        max_count=d.max_count,  # announced as filter.maxResults; not configurable
        max_string_length=_int("PROVISOR_SCIM_MAX_STRING_LENGTH", d.max_string_length),
        max_values_per_attribute=_int("PROVISOR_SCIM_MAX_VALUES_PER_ATTRIBUTE",
                                      d.max_values_per_attribute),
        max_members_per_request=_int("PROVISOR_SCIM_MAX_MEMBERS_PER_REQUEST",
                                     d.max_members_per_request),
        max_patch_operations=_int("PROVISOR_SCIM_MAX_PATCH_OPERATIONS",
                                  d.max_patch_operations),
    )
