"""managed/webhooks/secret_cache.py's get_or_load: concurrent misses for one subscription share
one storage lookup, a failed lookup reaches every waiter and caches nothing, a lookup that
overlapped an invalidation answers its waiters but is not kept, and a cancelled waiter leaves
the lookup to the others. The projects keep the route-level proofs (test_delivery.py: hits
cost no lookup, unknown ids are never cached, a delete invalidates before its answer)."""

from __future__ import annotations

import asyncio
from types import ModuleType
from typing import Any

import pytest

from managed_support import Render


@pytest.fixture
def secret_cache(probe: Render) -> ModuleType:
    return probe.module("managed.webhooks.secret_cache")


class SlowStorage:
    """A lookup that waits until the test releases it, counting how often it ran."""

    def __init__(self, entry: Any, error: Exception | None = None) -> None:
        self.entry = entry
        self.error = error
        self.lookups = 0
        self.release = asyncio.Event()

    async def __call__(self) -> Any:
        self.lookups += 1
        await self.release.wait()
        if self.error is not None:
            raise self.error
        return self.entry


def entry_of(secret_cache: ModuleType) -> Any:
    return secret_cache.SubscriptionEntry(trigger="on_event", secrets=(b"whsec_k",))


async def waiters(cache: Any, storage: SlowStorage, count: int) -> list[asyncio.Task[Any]]:
    tasks = [asyncio.create_task(cache.get_or_load("sub", storage)) for _ in range(count)]
    await asyncio.sleep(0)  # every waiter has missed the cache and joined the lookup
    return tasks


def test_concurrent_misses_share_one_lookup(secret_cache: ModuleType) -> None:
    cache = secret_cache.SecretCache()
    storage = SlowStorage(entry_of(secret_cache))

    async def burst() -> list[Any]:
        tasks = await waiters(cache, storage, 16)
        storage.release.set()
        found = await asyncio.gather(*tasks)
        found.append(await cache.get_or_load("sub", storage))  # now a cache hit
        return found

    found = asyncio.run(burst())
    assert storage.lookups == 1
    assert all(item is storage.entry for item in found)
    assert cache.get("sub") is storage.entry


def test_a_failed_lookup_reaches_every_waiter_and_caches_nothing(
    secret_cache: ModuleType,
) -> None:
    cache = secret_cache.SecretCache()
    storage = SlowStorage(entry_of(secret_cache), error=LookupError("unknown subscription"))

    async def burst() -> list[Any]:
        tasks = await waiters(cache, storage, 5)
        storage.release.set()
        return await asyncio.gather(*tasks, return_exceptions=True)

    answers = asyncio.run(burst())
    assert storage.lookups == 1
    assert all(isinstance(answer, LookupError) for answer in answers)
    assert cache.get("sub") is None and len(cache) == 0
    storage.error = None
    assert asyncio.run(cache.get_or_load("sub", storage)) is storage.entry  # looked up again
    assert storage.lookups == 2


def test_a_lookup_overlapping_an_invalidation_answers_but_is_not_kept(
    secret_cache: ModuleType,
) -> None:
    cache = secret_cache.SecretCache()
    storage = SlowStorage(entry_of(secret_cache))

    async def burst() -> list[Any]:
        tasks = await waiters(cache, storage, 3)
        cache.invalidate("sub")  # the subscription was deleted while storage was answering
        storage.release.set()
        return await asyncio.gather(*tasks)

    assert asyncio.run(burst()) == [storage.entry] * 3
    assert cache.get("sub") is None


def test_a_cancelled_waiter_leaves_the_lookup_to_the_others(secret_cache: ModuleType) -> None:
    cache = secret_cache.SecretCache()
    storage = SlowStorage(entry_of(secret_cache))

    async def burst() -> list[Any]:
        tasks = await waiters(cache, storage, 3)
        tasks[0].cancel()  # its client went away
        await asyncio.sleep(0)
        storage.release.set()
        return await asyncio.gather(*tasks, return_exceptions=True)

    answers = asyncio.run(burst())
    assert isinstance(answers[0], asyncio.CancelledError)
    assert answers[1:] == [storage.entry] * 2
    assert storage.lookups == 1 and cache.get("sub") is storage.entry
