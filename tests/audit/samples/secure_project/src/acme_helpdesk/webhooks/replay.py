"""ReplayGuard: claim a delivery id once per TTL (in memory; Redis SET NX EX when shared)."""

from __future__ import annotations

import time


class ReplayGuard:
    def __init__(self, ttl_seconds: int) -> None:
        self._ttl = ttl_seconds
        self._claims: dict[str, float] = {}

    def claim(self, key: str) -> bool:
        now = time.monotonic()
        self._claims = {k: v for k, v in self._claims.items() if v > now}
        if key in self._claims:
            return False
        self._claims[key] = now + self._ttl
        return True

    def release(self, key: str) -> None:
        self._claims.pop(key, None)
