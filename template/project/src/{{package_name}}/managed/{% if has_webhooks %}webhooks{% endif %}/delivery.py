# Managed by scaffold and kept current by `scaffold update`: configure it, do not edit it.
"""Accept, then deliver: with Redis configured, verified events wait in a Redis Stream.

The webhook route claims a delivery and appends its event to the stream in one Redis
script (atomic, so a crash can never leave a claim without its event), then answers 202: the
upstream's fast 2xx no longer waits for the engine. The script runs on an asyncio Redis
connection, and concurrent deliveries share one call (group_commit.py). Workers (threads of
the server with WEBHOOK_DELIVERY_WORKERS=inline, or of `python -m <package> deliver`
processes with `external`) read the stream through one consumer group and deliver each
event with the SDK's `dispatch`:

- `metadata.referenceId` is the upstream's delivery id, so the engine recognises a retry;
- each attempt has a deadline (the SDK's dispatch has none; an attempt past it counts as
  failed and is retried, the abandoned call can still land: at least once, never silently
  dropped);
- 5xx answers and network errors are retried with exponential backoff and full jitter;
  other 4xx answers (the engine or storage refused the event itself) are not;
- an event is acknowledged (XACK, then removed) only after the engine accepted it, in one
  transaction that first records `webhook-delivered:<subscription>:<referenceId>` for a day;
  an entry whose referenceId is recorded (a dead letter replayed although its abandoned
  attempt landed, the same delivery accepted again after its replay claim expired) is
  acknowledged without being sent again. What remains is the window between the engine's
  2xx and that transaction (a worker killed inside it): at least once, the referenceId being
  the engine's dedup key;
- what a dead worker left pending is reclaimed with XAUTOCLAIM once it has been idle for
  `reclaim_idle_seconds` (a live worker refreshes its claim before every attempt);
- after `max_attempts` failed attempts, or a refusal, the event moves to the dead-letter
  stream: `python -m <package> dead-letters list`, `... dead-letters replay [ID ...]`.

Without Redis nothing here runs: the route dispatches before it answers (nothing is
acknowledged that was not delivered).
"""

from __future__ import annotations

import json
import logging
import os
import random
import socket
import threading
import time
import uuid
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as AttemptTimeout
from dataclasses import dataclass
from typing import Any

from integrations_sdk.triggers import TriggerMetadata
from starlette.applications import Starlette

from .group_commit import CLAIM_AND_APPEND, Append, GroupCommit, script_call

log = logging.getLogger(__name__)

STREAM = "webhook-deliveries"
DEAD_LETTERS = "webhook-dead-letters"
GROUP = "engine-delivery"
ATTEMPTS = "webhook-delivery-attempts"  # hash: stream entry id -> failed attempts so far
DELIVERED = "webhook-delivered:"  # + subscription:referenceId, set once the engine accepted
DELIVERED_TTL_SECONDS = 24 * 3600  # longer than any reclaim or dead-letter replay round

Dispatch = Callable[..., None]


@dataclass(frozen=True)
class QueuedEvent:
    """One verified event waiting for the engine."""

    subscription_id: str
    trigger: str
    reference_id: str
    payload: dict[str, Any]

    @property
    def delivered_suffix(self) -> str:
        """What names this event's delivered marker (the engine's dedup key is the referenceId)."""
        return f"{self.subscription_id}:{self.reference_id}"

    def fields(self) -> dict[str, str]:
        """The stream entry's fields."""
        return {
            "subscription": self.subscription_id,
            "trigger": self.trigger,
            "reference": self.reference_id,
            "payload": json.dumps(self.payload, separators=(",", ":")),
        }

    @classmethod
    def from_fields(cls, fields: dict[Any, Any]) -> QueuedEvent:
        """The event a stream entry holds (raises KeyError/ValueError when it is malformed)."""
        text = {_text(key): _text(value) for key, value in fields.items()}
        return cls(
            text["subscription"], text["trigger"], text["reference"], json.loads(text["payload"])
        )


@dataclass(frozen=True)
class DeliveryPolicy:
    """How hard the workers try; every bound is a setting (managed/settings.py)."""

    workers: int = 2
    max_attempts: int = 8
    timeout_seconds: float = 10.0
    backoff_base_seconds: float = 0.2
    backoff_cap_seconds: float = 30.0
    reclaim_idle_seconds: float = 60.0
    block_seconds: float = 1.0

    def backoff(self, failures: int, uniform: Callable[[float, float], float]) -> float:
        """Full jitter: a random wait up to base * 2**(failures - 1), capped, and always well
        inside the reclaim idle time (a sleeping worker's entry must not look abandoned)."""
        growing = self.backoff_base_seconds * 2 ** (failures - 1)
        ceiling = min(self.backoff_cap_seconds, growing, self.reclaim_idle_seconds / 2)
        return uniform(0.0, ceiling)


@dataclass(frozen=True)
class DeadLetter:
    """An event that was not delivered, with why."""

    id: str
    event: QueuedEvent
    attempts: int
    error: str


class AttemptTimedOut(TimeoutError):
    """A dispatch attempt passed its deadline; `future` is the call, still running."""

    def __init__(self, future: Future[None]) -> None:
        super().__init__("dispatch deadline passed")
        self.future = future


class Permanent(Exception):
    """The engine or storage refused the event itself: retrying would not help."""


def _text(value: Any) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


def is_retryable(error: BaseException) -> bool:
    """5xx, 408, 429, timeouts and network errors are worth another attempt; other 4xx are not."""
    status = getattr(error, "status_code", None)
    if isinstance(status, int) and 400 <= status < 500:
        return status in (408, 429)
    return not isinstance(error, Permanent)


class DispatchRegistry:
    """The SDK's dispatch function of every trigger, recorded when its route is mounted."""

    def __init__(self) -> None:
        self._dispatch: dict[str, Dispatch] = {}

    def register(self, trigger: str, dispatch: Dispatch) -> None:
        """Deliver `trigger`'s events with `dispatch`."""
        self._dispatch[trigger] = dispatch

    def get(self, trigger: str) -> Dispatch | None:
        """The dispatch function of `trigger`, if it is mounted here."""
        return self._dispatch.get(trigger)


def dispatch_registry(app: Starlette) -> DispatchRegistry:
    """The dispatch registry of `app`, created on first use (kept on `app.state`)."""
    registry = getattr(app.state, "webhook_dispatch", None)
    if not isinstance(registry, DispatchRegistry):
        registry = DispatchRegistry()
        app.state.webhook_dispatch = registry
    return registry


class DeliveryQueue:
    """The stream, its consumer group and the dead-letter stream, on one Redis client (and,
    for the intake, `connect_async`: a factory of the same server's redis.asyncio client)."""

    def __init__(
        self, client: Any, *, prefix: str = "", connect_async: Callable[[], Any] | None = None
    ) -> None:
        self.redis = client
        self.stream = prefix + STREAM
        self.dead_letters = prefix + DEAD_LETTERS
        self.attempts = prefix + ATTEMPTS
        self.delivered = prefix + DELIVERED
        self.group_commit = GroupCommit(connect_async, self.stream) if connect_async else None
        # One round trip, and Redis runs a script atomically: no claim without its event.
        self._claim_and_append = client.register_script(CLAIM_AND_APPEND)

    def ensure_group(self) -> None:
        """Create the stream and its consumer group unless they exist."""
        import redis

        try:
            self.redis.xgroup_create(self.stream, GROUP, id="0", mkstream=True)
        except redis.ResponseError as error:
            if "BUSYGROUP" not in str(error):
                raise

    def enqueue(self, claim_key: str, ttl_seconds: int, event: QueuedEvent) -> bool:
        """Claim `claim_key` and append `event` atomically; False: already claimed (a duplicate)."""
        append = Append(claim_key, ttl_seconds, event.fields())
        [entry_id] = self._claim_and_append(**script_call(self.stream, [append]))
        return entry_id is not None

    async def enqueue_async(self, claim_key: str, ttl_seconds: int, event: QueuedEvent) -> bool:
        """`enqueue` on the event loop, committed with the deliveries arriving beside it (the
        intake's way: no worker-thread hop, one round trip for many requests)."""
        if self.group_commit is None:
            raise RuntimeError("this queue has no asyncio client")
        return await self.group_commit.append(Append(claim_key, ttl_seconds, event.fields()))

    def backlog(self) -> int:
        """Events not yet delivered (delivered ones are removed from the stream)."""
        return int(self.redis.xlen(self.stream))

    def dead(self, count: int = 100) -> list[DeadLetter]:
        """The oldest `count` dead letters."""
        letters = []
        for entry_id, fields in self.redis.xrange(self.dead_letters, count=count):
            text = {_text(key): _text(value) for key, value in fields.items()}
            letters.append(
                DeadLetter(
                    _text(entry_id),
                    QueuedEvent.from_fields(fields),
                    int(text.get("attempts", "0")),
                    text.get("error", ""),
                )
            )
        return letters

    def replay(self, ids: Iterable[str] | None = None) -> int:
        """Move dead letters (all, or those with `ids`) back onto the stream; how many moved."""
        wanted = None if ids is None else set(ids)
        moved = 0
        for letter in self.dead(count=10_000):
            if wanted is not None and letter.id not in wanted:
                continue
            pipe = self.redis.pipeline(transaction=True)
            pipe.xadd(self.stream, letter.event.fields())
            pipe.xdel(self.dead_letters, letter.id)
            pipe.execute()
            moved += 1
        return moved


class DeliveryWorker:
    """One consumer of the group: reclaims, reads and delivers, one event at a time."""

    def __init__(
        self,
        queue: DeliveryQueue,
        dispatchers: DispatchRegistry,
        policy: DeliveryPolicy,
        *,
        consumer: str | None = None,
        stop: threading.Event | None = None,
        uniform: Callable[[float, float], float] = random.uniform,
    ) -> None:
        self.queue = queue
        self.dispatchers = dispatchers
        self.policy = policy
        self.consumer = consumer or f"{socket.gethostname()}-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        self._stop = stop or threading.Event()
        self._group_ready = False
        self._uniform = uniform
        # Attempts run here so a hung engine costs a deadline, not a worker; abandoned calls
        # occupy a thread until the SDK's request returns, so the pool is bounded.
        self._attempts = ThreadPoolExecutor(max_workers=2, thread_name_prefix="dispatch")

    def run_once(self) -> int:
        """Reclaim what idled too long, else read new events; deliver them. How many handled."""
        if not self._group_ready:  # first step, or Redis came back without its data
            self.queue.ensure_group()
            self._group_ready = True
        try:
            return self._step()
        except Exception:
            self._group_ready = False
            raise

    def _step(self) -> int:
        redis = self.queue.redis
        idle_ms = int(self.policy.reclaim_idle_seconds * 1000)
        reclaimed = redis.xautoclaim(
            self.queue.stream, GROUP, self.consumer, idle_ms, "0-0", count=1
        )
        entries = list(reclaimed[1]) if reclaimed else []
        if not entries:
            block_ms = max(1, int(self.policy.block_seconds * 1000))
            read = redis.xreadgroup(
                GROUP, self.consumer, {self.queue.stream: ">"}, count=1, block=block_ms
            )
            entries = [entry for _stream, stream_entries in read or [] for entry in stream_entries]
        for entry_id, fields in entries:
            if fields:  # XAUTOCLAIM reports entries deleted meanwhile without fields
                self.deliver(_text(entry_id), fields)
        return len(entries)

    def deliver(self, entry_id: str, fields: dict[Any, Any]) -> bool:
        """Attempt one entry until it is delivered or dead-lettered; True when delivered."""
        try:
            event = QueuedEvent.from_fields(fields)
        except (KeyError, ValueError):
            self._dead_letter(entry_id, fields, 0, "malformed entry")
            return False
        if self._refresh_claim(entry_id, event):
            self._settle(entry_id, event)  # the engine has it: acknowledge, do not resend
            return True
        while True:
            try:
                self._attempt(event)
            except Exception as error:
                failures = int(self.queue.redis.hincrby(self.queue.attempts, entry_id, 1))
                reason = _reason(error)
                if not is_retryable(error) or failures >= self.policy.max_attempts:
                    self._dead_letter(entry_id, fields, failures, reason)
                    return False
                log.info(
                    "delivery retry: reference=%s attempt=%d error=%s",
                    event.reference_id,
                    failures,
                    reason,
                )
                if self._stop.wait(self.policy.backoff(failures, self._uniform)):
                    return False  # stopping: the entry stays pending and is reclaimed later
                self._refresh_claim(entry_id)
                if isinstance(error, AttemptTimedOut):
                    if self._landed(error.future):
                        break  # the attempt abandoned at its deadline got through after all
                    self._refresh_claim(entry_id)  # _landed waited up to another deadline
                continue
            break
        self._settle(entry_id, event)
        return True

    def _attempt(self, event: QueuedEvent) -> None:
        dispatch = self.dispatchers.get(event.trigger)
        if dispatch is None:
            raise Permanent("trigger not mounted")
        metadata = TriggerMetadata(referenceId=event.reference_id)
        future = self._attempts.submit(dispatch, event.subscription_id, event.payload, metadata)
        try:
            future.result(timeout=self.policy.timeout_seconds)
        except AttemptTimeout:
            raise AttemptTimedOut(future) from None

    def _landed(self, abandoned: Future[None]) -> bool:
        """Whether an attempt abandoned at its deadline reached the engine after all: it gets
        one more deadline (short of the reclaim idle time) before the retry goes out, since
        both landing would deliver the event twice."""
        wait = min(self.policy.timeout_seconds, self.policy.reclaim_idle_seconds / 4)
        try:
            abandoned.result(timeout=wait)
        except Exception:  # still running, or it failed: retry
            return False
        return True

    def _refresh_claim(self, entry_id: str, event: QueuedEvent | None = None) -> bool:
        """Reset the entry's idle time, so other workers' XAUTOCLAIM leaves it alone; with
        `event`, in the same round trip: whether the engine already accepted it."""
        pipe = self.queue.redis.pipeline(transaction=False)
        pipe.xclaim(self.queue.stream, GROUP, self.consumer, 0, [entry_id], justid=True)
        if event is not None:
            pipe.exists(self.queue.delivered + event.delivered_suffix)
        answers = pipe.execute()
        return event is not None and bool(answers[1])

    def _dead_letter(
        self, entry_id: str, fields: dict[Any, Any], failures: int, reason: str
    ) -> None:
        log.warning(
            "delivery dead-lettered: entry=%s attempts=%d error=%s", entry_id, failures, reason
        )
        letter = {**fields, "attempts": str(failures), "error": reason}
        self._settle(entry_id, dead_letter=letter)

    def _settle(
        self,
        entry_id: str,
        delivered: QueuedEvent | None = None,
        dead_letter: dict[Any, Any] | None = None,
    ) -> None:
        """Acknowledge and remove the entry, recording `delivered` first (or moving it to the
        dead letters), in one transaction.

        The engine already has the event (or it is dead): losing this write to a Redis
        restart would deliver it again once reclaimed, so it is retried for a while first.
        """
        deadline = time.monotonic() + self.policy.reclaim_idle_seconds / 2
        while True:
            try:
                pipe = self.queue.redis.pipeline(transaction=True)
                if delivered is not None:
                    marker = self.queue.delivered + delivered.delivered_suffix
                    pipe.set(marker, entry_id, ex=DELIVERED_TTL_SECONDS)
                if dead_letter is not None:
                    pipe.xadd(self.queue.dead_letters, dead_letter)
                pipe.xack(self.queue.stream, GROUP, entry_id)
                pipe.xdel(self.queue.stream, entry_id)
                pipe.hdel(self.queue.attempts, entry_id)
                pipe.execute()
                return
            except Exception:
                if time.monotonic() > deadline or self._stop.wait(0.2):
                    raise

    def close(self) -> None:
        """Release the attempt threads (an abandoned attempt finishes on its own)."""
        self._attempts.shutdown(wait=False, cancel_futures=True)


def _reason(error: BaseException) -> str:
    status = getattr(error, "status_code", None)
    return f"{type(error).__name__} {status}" if isinstance(status, int) else type(error).__name__


class DeliveryService:
    """The queue plus this replica's workers: what the webhook route and the app need."""

    def __init__(
        self,
        queue: DeliveryQueue,
        dispatchers: DispatchRegistry,
        policy: DeliveryPolicy,
        claim_key: Callable[[str], str],
    ) -> None:
        self.queue = queue
        self.dispatchers = dispatchers
        self.policy = policy
        self.claim_key = claim_key
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []

    async def enqueue(self, claim: str, ttl_seconds: int, event: QueuedEvent) -> bool:
        """Claim and append `event`; False: a duplicate (never appended twice)."""
        return await self.queue.enqueue_async(self.claim_key(claim), ttl_seconds, event)

    def worker(self, **options: Any) -> DeliveryWorker:
        """A worker of this service (tests drive one directly with `run_once`)."""
        options.setdefault("stop", self._stop)
        return DeliveryWorker(self.queue, self.dispatchers, self.policy, **options)

    def start(self) -> None:
        """Start `policy.workers` worker threads."""
        self._stop.clear()
        for number in range(self.policy.workers):
            thread = threading.Thread(target=self._run, name=f"delivery-{number}", daemon=True)
            thread.start()
            self._threads.append(thread)

    def stop(self) -> None:
        """Stop the workers after their current event (what is pending is reclaimed later)."""
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=self.policy.block_seconds + 5)
        self._threads.clear()

    def _run(self) -> None:
        worker = self.worker()
        try:
            while not self._stop.is_set():
                try:
                    while not self._stop.is_set():
                        worker.run_once()
                except Exception as error:  # Redis restarting: wait, then carry on
                    log.warning("delivery worker paused: error=%s", type(error).__name__)
                    self._stop.wait(1.0)
        finally:
            worker.close()


def deliver_command(service: DeliveryService, stop: threading.Event, out: Any) -> int:
    """`deliver`: run `policy.workers` workers until `stop` is set (SIGTERM/SIGINT in the
    command), then let them finish their current event. The exit status."""
    print(
        f"delivering from {service.queue.stream} with {service.policy.workers} worker(s)",
        file=out,
        flush=True,
    )
    service.start()
    try:
        stop.wait()
    finally:
        service.stop()
    print(f"stopped; backlog {service.queue.backlog()}", file=out, flush=True)
    return 0


def dead_letters_command(queue: DeliveryQueue, action: str, ids: list[str], out: Any) -> int:
    """`dead-letters list` prints one line per dead letter (never the payload); `replay` moves
    the given ids (or all) back onto the delivery stream. The exit status."""
    if action == "list":
        letters = queue.dead()
        for letter in letters:
            event = letter.event
            print(
                f"{letter.id} subscription={event.subscription_id} trigger={event.trigger} "
                f"reference={event.reference_id} attempts={letter.attempts} error={letter.error}",
                file=out,
            )
        print(f"{len(letters)} dead letter(s); backlog {queue.backlog()}", file=out)
        return 0
    moved = queue.replay(ids or None)
    print(f"replayed {moved} dead letter(s) onto {queue.stream}", file=out)
    return 0 if moved or not ids else 1
