"""Wiring of the limits: rate limiting, body and JSON limits, SCIM input limits,
and database-outage handling, onto the app and its SCIM sub-application."""

from __future__ import annotations

from fastapi import FastAPI

from provisor.api.body_limits import BodyLimitMiddleware
from provisor.api.buckets import Buckets, LocalBuckets, RedisBuckets
from provisor.api.limit_settings import LimitSettings
from provisor.api.outage import install_outage_handlers
from provisor.api.ratelimit import RateLimitedHook, RateLimitMiddleware
from provisor.api.telemetry import record_rate_limited


def install_reliability(app: FastAPI, scim_app: FastAPI,
                        settings: LimitSettings | None = None) -> LimitSettings:
    """Middlewares run outermost first: rate limit, then body limits, then the app."""
    limits = settings or LimitSettings.from_env()
    install_outage_handlers(scim_app, limits.outage_retry_after)
    scim_app.state.scim_limits = limits.scim
    app.add_middleware(BodyLimitMiddleware, settings=limits)
    if limits.rate_limit:
        app.add_middleware(RateLimitMiddleware, settings=limits, buckets=_buckets(limits),
                           on_limited=rate_limited_hook())
    return limits


def _buckets(limits: LimitSettings) -> Buckets:
    if limits.redis_url:
        return RedisBuckets(limits.redis_url, limits.redis_prefix)
    return LocalBuckets()


def rate_limited_hook() -> RateLimitedHook:
    """Telemetry's counter of rate-limited requests (a no-op while metrics are off)."""
    return record_rate_limited
