# Managed by scaffold and kept current by `scaffold update`: configure it, do not edit it.
"""Replay protection: remember delivery ids that were verified, atomically, with a TTL.

A claim is written only after the signature passed (so unauthenticated traffic cannot fill
the store) and released when processing fails (so the upstream's retry is accepted). Keys are
`<subscription id>:<replay id>`: the subscription belongs to exactly one connection, so one
tenant's deliveries can never mark another's as seen.

In memory for one process (the embedded default, bounded in size and time); Redis
`SET key NX EX ttl` when REPLAY_STORE_URL is set, so every replica shares one store.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, Protocol


class ReplayGuard(Protocol):
    """Claims delivery ids; `claim` is True only for the first claimant within the TTL."""

    def claim(self, key: str, ttl_seconds: int) -> bool:
        """Atomically record `key` for `ttl_seconds`; False if it is already recorded."""
        ...

    def release(self, key: str) -> None:
        """Forget `key` (processing failed: the upstream's retry must go through)."""
        ...


class MemoryReplayGuard:
    """Bounded in-process store: expired claims are dropped, the oldest evicted past
    `max_entries` (eviction only weakens dedupe for the oldest ids; it never blocks)."""

    def __init__(
        self, max_entries: int = 100_000, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._entries: OrderedDict[str, float] = OrderedDict()
        self._max_entries = max_entries
        self._lock = threading.Lock()
        self._now = clock

    def claim(self, key: str, ttl_seconds: int) -> bool:
        """Record `key` unless an unexpired claim exists."""
        now = self._now()
        with self._lock:
            expires = self._entries.get(key)
            if expires is not None and expires > now:
                return False
            self._entries[key] = now + ttl_seconds
            self._entries.move_to_end(key)
            self._drop_expired(now)
            while len(self._entries) > self._max_entries:
                self._entries.popitem(last=False)
            return True

    def release(self, key: str) -> None:
        """Forget `key`."""
        with self._lock:
            self._entries.pop(key, None)

    def _drop_expired(self, now: float) -> None:
        # Claims are appended in time order and share one TTL per process, so the expired
        # ones sit at the front.
        while self._entries:
            oldest_key, oldest_expiry = next(iter(self._entries.items()))
            if oldest_expiry > now:
                return
            del self._entries[oldest_key]


class RedisReplayGuard:
    """Shared across replicas: one atomic `SET key 1 NX EX ttl` per claim."""

    def __init__(self, url: str, namespace: str = "webhook-replay", client: Any = None) -> None:
        if client is None:
            import redis  # imported here: only deployments with REPLAY_STORE_URL need it

            client = redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)
        self._redis = client
        self._namespace = namespace

    def key(self, key: str) -> str:
        """The Redis key for a claim."""
        return f"{self._namespace}:{key}"

    def claim(self, key: str, ttl_seconds: int) -> bool:
        """`SET NX EX`: True only for the first claimant."""
        return bool(self._redis.set(self.key(key), b"claimed", nx=True, ex=ttl_seconds))

    def release(self, key: str) -> None:
        """`DEL` the claim."""
        self._redis.delete(self.key(key))
