"""managed/webhooks/replay.py: the in-memory and the Redis replay guard claim a delivery once
until its TTL expires, and the store URL picks the guard. Moved here from each generated
project's tests/test_webhook_replay.py (issue #13); the projects keep the proofs through their
public webhook route (a duplicate is acknowledged and dispatched once, also concurrently and
across two instances sharing one Redis)."""

from __future__ import annotations

from types import ModuleType

import fakeredis
import pytest

from managed_support import Render


@pytest.fixture
def replay(probe: Render) -> ModuleType:
    return probe.module("managed.webhooks.replay")


def test_memory_guard_claims_once_until_the_ttl_expires(replay: ModuleType) -> None:
    clock = [0.0]
    guard = replay.MemoryReplayGuard(clock=lambda: clock[0])
    assert guard.claim("sub:1", 60)
    assert not guard.claim("sub:1", 60)
    assert guard.claim("sub:2", 60)  # other ids and other subscriptions are independent
    clock[0] = 61
    assert guard.claim("sub:1", 60)


def test_memory_guard_release_lets_the_retry_through(replay: ModuleType) -> None:
    guard = replay.MemoryReplayGuard()
    assert guard.claim("sub:1", 60)
    guard.release("sub:1")
    assert guard.claim("sub:1", 60)


def test_memory_guard_is_bounded(replay: ModuleType) -> None:
    guard = replay.MemoryReplayGuard(max_entries=100)
    for number in range(1_000):
        guard.claim(f"sub:{number}", 3600)
    assert len(guard._entries) == 100


def test_redis_guard_uses_set_nx_ex_with_the_ttl(replay: ModuleType) -> None:
    server = fakeredis.FakeRedis()
    guard = replay.RedisReplayGuard("redis://unused", client=server)
    assert guard.claim("sub:1", 900)
    assert not guard.claim("sub:1", 900)
    assert 890 < server.ttl(guard.key("sub:1")) <= 900
    guard.release("sub:1")
    assert guard.claim("sub:1", 900)
