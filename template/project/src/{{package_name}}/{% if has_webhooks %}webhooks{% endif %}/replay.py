"""Replay protection: remember delivery ids that were verified, atomically, with a TTL.

A claim is written only after the signature passed (so unauthenticated traffic cannot fill
the store) and released when processing fails (so the upstream's retry is accepted).
In memory for one process (the embedded default); Redis `SET NX EX` across replicas.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Protocol


class ReplayGuard(Protocol):
    """Claims delivery ids; `claim` is True only for the first claimant within the TTL."""

    def claim(self, key: str, ttl_seconds: int) -> bool: ...

    def release(self, key: str) -> None: ...


class MemoryReplayGuard:
    """Bounded in-process store: the oldest claims are evicted past `max_entries`."""

    def __init__(
        self, max_entries: int = 100_000, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._entries: OrderedDict[str, float] = OrderedDict()
        self._max_entries = max_entries
        self._lock = threading.Lock()
        self._now = clock

    def claim(self, key: str, ttl_seconds: int) -> bool:
        now = self._now()
        with self._lock:
            expires = self._entries.get(key)
            if expires is not None and expires > now:
                return False
            self._entries[key] = now + ttl_seconds
            self._entries.move_to_end(key)
            while len(self._entries) > self._max_entries:
                self._entries.popitem(last=False)
            return True

    def release(self, key: str) -> None:
        with self._lock:
            self._entries.pop(key, None)


class RedisReplayGuard:
    """Shared across replicas: one atomic `SET key 1 NX EX ttl` per claim."""

    def __init__(self, url: str, namespace: str = "webhook-replay") -> None:
        import redis  # imported here: only deployments with REPLAY_STORE_URL need it

        self._redis = redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)
        self._namespace = namespace

    def claim(self, key: str, ttl_seconds: int) -> bool:
        return bool(self._redis.set(f"{self._namespace}:{key}", b"1", nx=True, ex=ttl_seconds))

    def release(self, key: str) -> None:
        self._redis.delete(f"{self._namespace}:{key}")


def replay_guard_for(url: str | None) -> ReplayGuard:
    """The guard REPLAY_STORE_URL asks for: Redis when set, in memory otherwise."""
    return RedisReplayGuard(url) if url else MemoryReplayGuard()
