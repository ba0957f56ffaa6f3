# Managed by scaffold and kept current by `scaffold update`: configure it, do not edit it.
"""A per-connection action rate limit: an in-process token bucket.

Bounds what a runaway workflow (or a leaked auth token) can cost upstream: each connection
may run at most `burst` actions at once and `per_minute` actions per minute on average.
The SDK does not tell an action which connection it runs for, so a connection is identified
by a keyed hash of what it calls with (base URL and credential): two connections sharing one
upstream credential share a budget, which is also the upstream's own view. One process only;
run several replicas behind a shared limiter (or the upstream's own limits) if that matters.
The app's limiter is built from settings in runtime.py.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable

DEFAULT_PER_MINUTE = 60
DEFAULT_BURST = 20
MAX_TRACKED = 10_000


class RateLimited(Exception):
    """The connection used up its action budget; retry later."""


class RateLimiter:
    """Token buckets keyed by connection; thread-safe (actions run in a thread pool)."""

    def __init__(
        self,
        per_minute: int = DEFAULT_PER_MINUTE,
        burst: int = DEFAULT_BURST,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if per_minute < 1 or burst < 1:
            raise ValueError("rate limits must be positive")
        self.per_minute = per_minute
        self.burst = burst
        self._clock = clock
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()
        self._lock = threading.Lock()
        self._key = secrets.token_bytes(32)

    def key_for(self, parts: Iterable[str]) -> str:
        """A per-process HMAC of the parts, so secrets are never kept as dictionary keys."""
        return hmac.new(self._key, "\0".join(parts).encode(), hashlib.sha256).hexdigest()

    def acquire(self, key: str) -> None:
        """Take one token for `key`, or raise RateLimited."""
        now = self._clock()
        rate = self.per_minute / 60.0
        with self._lock:
            tokens, updated = self._buckets.pop(key, (float(self.burst), now))
            tokens = min(float(self.burst), tokens + (now - updated) * rate)
            if tokens < 1.0:
                self._buckets[key] = (tokens, now)
                raise RateLimited("action rate limit reached for this connection")
            self._buckets[key] = (tokens - 1.0, now)
            while len(self._buckets) > MAX_TRACKED:
                self._buckets.popitem(last=False)
