"""Token buckets: in-process by default, shared through Redis when configured.

``take(buckets, cost)`` looks at several buckets at once and returns 0 when
every one holds ``max(cost, 1)`` tokens (then takes ``cost`` from each), or the
seconds until they would. ``cost=0`` only looks. Hand-written because the
per-request cost must stay at a dict lookup and a few float operations (no
locks: the ASGI middleware runs on the event loop), and the Redis variant
must be one round trip for all buckets of a request.
"""

from __future__ import annotations

import logging
import time
from collections import OrderedDict
from collections.abc import Sequence
from typing import Protocol

from provisor.api.limit_settings import Rate

log = logging.getLogger("provisor.ratelimit")
Bucket = tuple[str, Rate]


class Buckets(Protocol):
    async def take(self, buckets: Sequence[Bucket], cost: int = 1) -> float: ...


class LocalBuckets:
    """Buckets of one process, the least recently used dropped beyond ``size``."""

    def __init__(self, size: int = 100_000) -> None:
        self.size = size
        self._state: OrderedDict[str, tuple[float, float]] = OrderedDict()

    async def take(self, buckets: Sequence[Bucket], cost: int = 1) -> float:
        now, need, wait = time.monotonic(), max(cost, 1), 0.0
        levels = [self._level(key, rate, now) for key, rate in buckets]
        for level, (_, rate) in zip(levels, buckets, strict=True):
            if level < need:
                wait = max(wait, (need - level) / rate.per_second)
        if wait == 0.0 and cost:
            for level, (key, _) in zip(levels, buckets, strict=True):
                self._state[key] = (level - cost, now)
                self._state.move_to_end(key)
            while len(self._state) > self.size:
                self._state.popitem(last=False)
        return wait

    def _level(self, key: str, rate: Rate, now: float) -> float:
        tokens, at = self._state.get(key, (float(rate.burst), now))
        return min(float(rate.burst), tokens + (now - at) * rate.per_second)


# KEYS: the buckets; ARGV: cost, then (rate, burst) per key. Redis's own clock
# (TIME) is used so that replicas with skewed clocks share one timeline.
_LUA = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1e6
local cost = tonumber(ARGV[1])
local need = math.max(cost, 1)
local wait, levels = 0, {}
for i, key in ipairs(KEYS) do
  local rate, burst = tonumber(ARGV[2 * i]), tonumber(ARGV[2 * i + 1])
  local v = redis.call('HMGET', key, 't', 'at')
  local tokens, at = tonumber(v[1]) or burst, tonumber(v[2]) or now
  levels[i] = math.min(burst, tokens + math.max(0, now - at) * rate)
  if levels[i] < need then wait = math.max(wait, (need - levels[i]) / rate) end
end
if wait > 0 or cost == 0 then return tostring(wait) end
for i, key in ipairs(KEYS) do
  local rate, burst = tonumber(ARGV[2 * i]), tonumber(ARGV[2 * i + 1])
  redis.call('HSET', key, 't', levels[i] - cost, 'at', now)
  redis.call('PEXPIRE', key, math.ceil(burst / rate * 1000) + 1000)
end
return '0'
"""


class RedisBuckets:
    """Buckets shared by every worker and replica; fails open if Redis is down."""

    def __init__(self, url: str, prefix: str) -> None:
        from redis.asyncio import Redis

        self.prefix = prefix
        self._redis = Redis.from_url(url, socket_timeout=0.5, socket_connect_timeout=0.5)
        self._script = self._redis.register_script(_LUA)

    async def take(self, buckets: Sequence[Bucket], cost: int = 1) -> float:
        args: list[float] = [cost]
        for _, rate in buckets:
            args += [rate.per_second, rate.burst]
        keys = [f"{self.prefix}:{key}" for key, _ in buckets]
        try:
            return float(await self._script(keys=keys, args=args))
        except Exception as exc:  # limiting must never take provisioning down
            log.warning("rate limiter: Redis unavailable (%s); allowing", type(exc).__name__)
            return 0.0
