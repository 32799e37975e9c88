"""Rate limits in Django's cache (SECURITY.md 55): a sliding window counted in sixths.

A counter per (scope, sixth of a window, identity) with `cache.add` + `cache.incr`, and
one `get_many` of the previous sixths: atomic in Redis
(shared by every process when REDIS_URL is set), in local memory otherwise (one budget
per process). No database write per request. Identities are hashed, so raw tokens never
become cache keys. The client IP comes from `core.net.client_ip` (trusted proxies only).

The API budgets (settings FRONTDESK_API_RATE_*): reads and writes per token and per
client IP, and failed authentication per client IP; over a budget the API answers 429
with Retry-After.
"""

from __future__ import annotations

import hashlib
import math
import time
from contextlib import suppress
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache
from django.http import HttpRequest

from frontdesk.core.config import parse_rate
from frontdesk.core.net import client_ip

KEY_PREFIX = "rl"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


@dataclass(frozen=True)
class Limit:
    scope: str
    count: int
    seconds: int

    @classmethod
    def from_rate(cls, scope: str, rate: str) -> Limit:
        count, seconds = parse_rate(rate)
        return cls(scope, count, seconds)


class RateLimited(Exception):
    """Over a budget: try again after `retry_after` seconds."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"rate limited for {retry_after} s")
        self.retry_after = retry_after


BUCKETS = 6  # a window is counted in sixths, so it slides in steps of a sixth


def _bucket_seconds(limit: Limit) -> float:
    return limit.seconds / BUCKETS


def _key(limit: Limit, digest: str, bucket: int) -> str:
    return f"{KEY_PREFIX}:{limit.scope}:{bucket}:{digest}"


def _counts(limit: Limit, digest: str, first: int, last: int) -> dict[int, int]:
    keys = {_key(limit, digest, b): b for b in range(first, last + 1)}
    found = cache.get_many(list(keys))
    return {keys[key]: int(value) for key, value in found.items() if value}


# The counts of past buckets no longer change, so each process reads them once per
# bucket and identity: a request then costs one counter update, not seven reads.
_past: dict[tuple[str, str, int], dict[int, int]] = {}
MAX_REMEMBERED = 20_000


def _past_counts(limit: Limit, digest: str, bucket: int) -> dict[int, int]:
    memo_key = (limit.scope, digest, bucket)
    counts = _past.get(memo_key)
    if counts is None:
        if len(_past) >= MAX_REMEMBERED:
            _past.clear()
        counts = _past[memo_key] = _counts(limit, digest, bucket - BUCKETS, bucket - 1)
    return counts


def forget() -> None:
    """Drop the remembered past counts (tests clear the cache, then call this)."""
    _past.clear()


def _increment(key: str, timeout: int) -> int:
    """Add one to a counter: one round trip on Redis (INCR + EXPIRE in a pipeline)."""
    backend = caches["default"]
    # Django's RedisCache keeps its redis-py client behind `_cache` (private, there since
    # Django 4.0); its own incr() costs three round trips (SET NX, EXISTS, INCRBY).
    redis_client = getattr(backend, "_cache", None) if isinstance(backend, RedisCache) else None
    if redis_client is not None:
        full_key = backend.make_and_validate_key(key)
        pipe = redis_client.get_client(full_key, write=True).pipeline()
        pipe.incr(full_key)
        pipe.expire(full_key, timeout)
        count, _ = pipe.execute()
        return int(count)
    cache.add(key, 0, timeout=timeout)
    try:
        return int(cache.incr(key))
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=timeout)
        return 1


def _wait(limit: Limit, counts: dict[int, int], now: float) -> int:
    """Seconds until enough old buckets leave the window for one more attempt."""
    total = sum(counts.values())
    for bucket in sorted(counts):
        total -= counts[bucket]
        if total + 1 <= limit.count:
            return max(1, math.ceil((bucket + BUCKETS + 1) * _bucket_seconds(limit) - now))
    return limit.seconds  # not reached: the last bucket leaving empties the window


def hit(limit: Limit, identity: str, *, now: float | None = None) -> int | None:
    """Count one attempt; returns the seconds to wait when over the limit, else None.

    A sliding window in sixths: any span of `limit.seconds` holding more than
    `limit.count` attempts meets a refusal (a plain fixed window lets up to twice the
    budget through across a window boundary). A refused attempt is not counted, so a
    client that waits the Retry-After it was given gets through. A count of 0 is off.
    """
    if limit.count <= 0:
        return None
    now = time.time() if now is None else now
    bucket = int(now // _bucket_seconds(limit))
    digest = hashlib.sha256(identity.encode()).hexdigest()[:32]
    key = _key(limit, digest, bucket)
    current = _increment(key, limit.seconds + math.ceil(_bucket_seconds(limit)) + 5)
    counts = {bucket: current}
    if current <= limit.count:  # over on this bucket alone: no need to read the others
        counts.update(_past_counts(limit, digest, bucket))
        if sum(counts.values()) <= limit.count:
            return None
    with suppress(ValueError):  # expired meanwhile: nothing to take back
        cache.decr(key)
    counts[bucket] = current - 1
    return _wait(limit, counts, now)


def spent(limit: Limit, identity: str, *, now: float | None = None) -> int | None:
    """Like `hit` without counting: the seconds to wait if the budget is already used up."""
    if limit.count <= 0:
        return None
    now = time.time() if now is None else now
    bucket = int(now // _bucket_seconds(limit))
    digest = hashlib.sha256(identity.encode()).hexdigest()[:32]
    counts = {
        **_past_counts(limit, digest, bucket),
        bucket: int(cache.get(_key(limit, digest, bucket)) or 0),
    }
    if sum(counts.values()) < limit.count:
        return None
    return _wait(limit, counts, now)


# --- the REST API ---------------------------------------------------------------------


def _api_limit(scope: str, setting: str) -> Limit:
    return Limit.from_rate(scope, str(getattr(settings, setting)))


def refuse_if_auth_blocked(request: HttpRequest) -> None:
    """429 before looking a token up when this client has used up its failed attempts."""
    wait = spent(_api_limit("api-auth-fail", "FRONTDESK_API_RATE_FAILED_AUTH"), client_ip(request))
    if wait:
        raise RateLimited(wait)


def count_failed_auth(request: HttpRequest) -> None:
    """Count a failed authentication of this client; 429 once over the budget."""
    wait = hit(_api_limit("api-auth-fail", "FRONTDESK_API_RATE_FAILED_AUTH"), client_ip(request))
    if wait:
        raise RateLimited(wait)


def count_api_request(request: HttpRequest, *, token: str) -> None:
    """Count an authenticated request against its token's and its IP's budget."""
    kind = "read" if request.method in SAFE_METHODS else "write"
    per_token = _api_limit(f"api-{kind}", f"FRONTDESK_API_RATE_{kind.upper()}")
    per_ip = _api_limit(f"api-ip-{kind}", f"FRONTDESK_API_RATE_IP_{kind.upper()}")
    waits = [hit(per_token, token), hit(per_ip, client_ip(request))]
    wait = max((w for w in waits if w), default=None)
    if wait:
        raise RateLimited(wait)
