"""Provisioning metrics. Label values are ids, enums and codes, never personal data.

| instrument                          | kind      | labels                                       |
|-------------------------------------|-----------|----------------------------------------------|
| ``provisor.provisioning.operations``| counter   | org, idp, resource_type, action, outcome     |
| ``provisor.provisioning.duration``  | histogram | org, idp, resource_type, action, outcome (s) |
| ``provisor.auth.failures``          | counter   | kind (scim_token/management_key), reason     |
| ``provisor.rate_limited``           | counter   | kind, org                                    |

``count_rate_limited`` and ``count_auth_failure`` are module functions so any
layer of the api (the rate limiter) can call them; they do nothing while
metrics are off.
"""

from __future__ import annotations

from collections.abc import Mapping

from opentelemetry.metrics import Meter, MeterProvider


class Instruments:
    def __init__(self, meter: Meter) -> None:
        self.operations = meter.create_counter(
            "provisor.provisioning.operations", unit="{operation}",
            description="Provisioning use cases run, by org, IdP, resource type, action, outcome")
        self.duration = meter.create_histogram(
            "provisor.provisioning.duration", unit="s",
            description="Latency of provisioning use cases")
        self.auth_failures = meter.create_counter(
            "provisor.auth.failures", unit="{request}",
            description="Requests refused because the token or key was not valid")
        self.rate_limited = meter.create_counter(
            "provisor.rate_limited", unit="{request}",
            description="Requests refused by a rate or input limit")

    def record_operation(self, labels: Mapping[str, str], seconds: float) -> None:
        self.operations.add(1, labels)
        self.duration.record(seconds, labels)


_active: Instruments | None = None


def activate(provider: MeterProvider) -> Instruments:
    """Create the instruments on ``provider`` and make them the module's own."""
    global _active
    _active = Instruments(provider.get_meter("provisor"))
    return _active


def deactivate() -> None:
    global _active
    _active = None


def count_rate_limited(kind: str = "scim", org: str = "") -> None:
    """One request refused by a rate or input limit (``kind``: scim, graphql, auth...;
    ``org``: the org's id or slug, never a person's data)."""
    if _active is not None:
        _active.rate_limited.add(1, {"kind": kind, "org": org})


record_rate_limited = count_rate_limited  # the name provisor.api.reliability looks up


def count_auth_failure(kind: str, reason: str) -> None:
    """One request refused for a bad credential; ``reason`` is an error code."""
    if _active is not None:
        _active.auth_failures.add(1, {"kind": kind, "reason": reason})
