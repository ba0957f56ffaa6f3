"""Faults, measured: two replicas sharing a real redis-server, a bounded burst with
duplicates and out-of-order retries, one replica SIGKILLed, the engine failing for a while
and redis-server restarted once. Prints the counts.

    .venv/bin/python benchmarks/fault_run.py [--deliveries 5000] [--delay-ms 2]

Production mode against the TLS stand-ins (benchmarks/_standins.py; throwaway trustme CA)
and a redis-server with an append-only file fsynced on every write. Each replica is a server
that only accepts (WEBHOOK_DELIVERY_WORKERS=external) plus its own `deliver` process. The
"upstream" here sends every delivery to one of the two replicas in turn (like a load
balancer), mixed with resends of deliveries it already sent (duplicates) and in shuffled
order, and retries what did not get a 2xx (connection refused, 503) later, on the other
replica, as upstreams do.
During the burst: at 25 % replica A (server and deliver process) is killed with SIGKILL
(restarted at 40 %), at 50 % the engine answers 500 for 3 s, at 70 % redis-server is stopped
and started again.

Afterwards, once the backlog drained: distinct deliveries accepted (202, or 200 "duplicate"
after an earlier 202), distinct referenceIds the engine stand-in accepted, engine-side
duplicates (a referenceId accepted twice, with when each copy arrived), lost (accepted,
never delivered) and dead letters. Delivery is at least once: a deliver process killed after
the engine took an attempt and before acknowledging it leaves the entry pending, and the
worker that reclaims it sends it again with the same referenceId (the engine's dedup key).
Such duplicates are counted apart; any other duplicate, a lost delivery or one delivered but
never accepted is a broken guarantee, and the exit status is then 1. A measurement, not a
test.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import json
import os
import random
import secrets
import signal
import subprocess
import sys
import time
from collections import Counter
from contextlib import ExitStack
from typing import Any

from _common import PACKAGE, WORK, load, machine, project_python, running_server
from _load import _read_response
from _rig import RedisServer, production_env, running_deliver, running_standins

REPLICA_SETTINGS = {
    "WEBHOOK_DELIVERY_WORKERS": "external",  # each replica's `deliver` process delivers
    "DELIVERY_WORKERS": "4",
    "DELIVERY_TIMEOUT_SECONDS": "2",
    "DELIVERY_RECLAIM_IDLE_SECONDS": "5",  # a SIGKILLed replica's events come back after 5 s
}


class Upstream:
    """Sends the burst to two replicas, retrying what did not get a 2xx."""

    def __init__(self, ports: list[int | None], plan: list[tuple[str, bytes]]) -> None:
        self.ports = ports
        self.pending: asyncio.Queue[tuple[str, bytes, int]] = asyncio.Queue()
        for number, (delivery_id, raw) in enumerate(plan):
            self.pending.put_nowait((delivery_id, raw, number))
        self.total = len(plan)
        self.done = 0
        self.statuses: Counter[str] = Counter()
        self.accepted: set[str] = set()  # got 202
        self.acknowledged: set[str] = set()  # got 202 or 200
        self.retries = 0

    async def send(self, number: int, delivery_id: str, raw: bytes) -> None:
        port = self.ports[number % 2] or self.ports[(number + 1) % 2]
        try:
            if port is None:
                raise ConnectionRefusedError
            reader, writer = await asyncio.wait_for(
                asyncio.open_connection("127.0.0.1", port), timeout=5
            )
            try:
                writer.write(raw)
                await writer.drain()
                status = await asyncio.wait_for(_read_response(reader), timeout=30)
            finally:
                writer.close()
        except (OSError, asyncio.IncompleteReadError, TimeoutError) as error:
            self.statuses[type(error).__name__] += 1
            status = 0
        else:
            self.statuses[str(status)] += 1
        if status in (200, 202):
            if status == 202:
                self.accepted.add(delivery_id)
            self.acknowledged.add(delivery_id)
            self.done += 1
            return
        self.retries += 1  # the upstream tries again a little later, on the other replica
        await asyncio.sleep(0.2)
        await self.pending.put((delivery_id, raw, number + 1))

    async def worker(self) -> None:
        while self.done < self.total:
            try:
                delivery_id, raw, number = await asyncio.wait_for(self.pending.get(), timeout=0.5)
            except TimeoutError:
                continue
            await self.send(number, delivery_id, raw)


async def burst(upstream: Upstream, faults: dict[float, Any], concurrency: int = 16) -> None:
    """Send everything while firing `faults` (fraction of the burst done -> action)."""
    workers = [asyncio.create_task(upstream.worker()) for _ in range(concurrency)]
    remaining = sorted(faults.items())
    fired = []
    while upstream.done < upstream.total:
        while remaining and upstream.done >= remaining[0][0] * upstream.total:
            _, action = remaining.pop(0)  # in its own thread: faults overlap the burst
            fired.append(asyncio.create_task(asyncio.to_thread(action)))
        await asyncio.sleep(0.05)
    await asyncio.gather(*workers, *fired)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--deliveries", type=int, default=5000)
    parser.add_argument("--duplicates", type=float, default=0.1, help="share resent")
    parser.add_argument("--delay-ms", type=float, default=2.0)
    options = parser.parse_args(argv)
    python = project_python()
    work = WORK / "fault-run"
    token = secrets.token_urlsafe(32)
    redis = RedisServer(work / "redis")
    log: list[str] = []
    started = time.perf_counter()

    wall_start = time.time()

    def note(text: str) -> None:
        log.append(f"{time.perf_counter() - started:7.1f}s {text}")

    with ExitStack() as stack:
        standins = stack.enter_context(running_standins(python, work, options.delay_ms))
        redis.start()
        stack.callback(redis.stop)
        environment = production_env(standins, redis.url, **REPLICA_SETTINGS)
        replica_a = stack.enter_context(
            running_server(python, token, environment, ("--real-engine",))
        )
        deliver_a = stack.enter_context(running_deliver(python, replica_a, environment))
        replica_b = stack.enter_context(
            running_server(python, token, environment, ("--real-engine",))
        )
        stack.enter_context(running_deliver(python, replica_b, environment))
        made = load(python, replica_a, "connection")
        subscription = standins.seed_subscription(
            made["connection"], made["trigger"], made["secret"]
        )
        requests_file = work / "burst.jsonl"
        load(
            python,
            replica_a,
            "build",
            str(subscription["id"]),
            made["secret"],
            str(options.deliveries),
            str(requests_file),
        )
        lines = [json.loads(line) for line in requests_file.read_text().splitlines()]
        unique = [(line["id"], base64.b64decode(line["raw"])) for line in lines]
        rng = random.Random(15)  # noqa: S311 (a reproducible order, not a secret)
        plan = unique + rng.sample(unique, int(len(unique) * options.duplicates))
        rng.shuffle(plan)  # out of order, duplicates anywhere (some before their original)
        ports: list[int | None] = [replica_a.port, replica_b.port]
        upstream = Upstream(ports, plan)
        restarted: list[Any] = []
        killed_at: list[float] = []  # Unix time, to match engine-side duplicates with it

        def kill_a() -> None:
            note(f"SIGKILL replica A (server pid {replica_a.pid}, deliver pid {deliver_a.pid})")
            killed_at.append(time.time())
            ports[0] = None
            os.kill(replica_a.pid, signal.SIGKILL)
            os.kill(deliver_a.pid, signal.SIGKILL)

        def restart_a() -> None:
            replacement = stack.enter_context(
                running_server(python, token, environment, ("--real-engine",))
            )
            stack.enter_context(running_deliver(python, replacement, environment))
            restarted.append(replacement)
            ports[0] = replacement.port
            note(f"replica A restarted (pid {replacement.pid})")

        def engine_fails() -> None:
            note("engine answers 500")
            standins.engine_answers(500)
            time.sleep(3)
            standins.engine_answers(200)
            note("engine answers 200 again")

        def restart_redis() -> None:
            note("redis-server stopped")
            redis.stop()
            redis.start()
            note("redis-server started again (same append-only file)")

        faults = {0.25: kill_a, 0.40: restart_a, 0.50: engine_fails, 0.70: restart_redis}
        asyncio.run(burst(upstream, faults))
        note(f"burst done: {upstream.total} sends acknowledged")
        deadline = time.monotonic() + 180
        stats = standins.stats()
        while stats["references"] < len(upstream.accepted) and time.monotonic() < deadline:
            time.sleep(0.5)
            stats = standins.stats()
        time.sleep(2 * float(REPLICA_SETTINGS["DELIVERY_RECLAIM_IDLE_SECONDS"]))  # stragglers
        stats = standins.stats()
        note("backlog drained" if stats["references"] >= len(upstream.accepted) else "gave up")
        dead = subprocess.run(
            [str(python), "-m", PACKAGE, "dead-letters", "list"],
            capture_output=True,
            text=True,
            env={**os.environ, **environment, "AUTH_TOKEN": token},
            timeout=60,
        )
    delivered = set(stats["reference_ids"])
    acknowledged = upstream.acknowledged  # 202, or 200 "duplicate" after a lost 202
    dead_letters = (dead.stdout.strip().splitlines() or [dead.stderr.strip()])[-1]
    twice = stats["references_twice_or_more"]
    from_kill = {
        reference
        for reference, arrivals in stats["twice"].items()
        if any(in_kill_window(arrivals, kill) for kill in killed_at)
    }
    lost = len(acknowledged - delivered)
    never_accepted = len(delivered - acknowledged)
    other_duplicates = twice - len(from_kill)
    rows = {
        "sends (incl. duplicates and retries)": sum(upstream.statuses.values()),
        "answers": dict(upstream.statuses),
        "upstream retries after no 2xx": upstream.retries,
        "distinct deliveries sent": len({delivery_id for delivery_id, _ in unique}),
        "accepted (distinct, 202 or a later 200)": len(acknowledged),
        "  of which answered 202 at least once": len(upstream.accepted),
        "engine: dispatches received / accepted": f"{stats['received']} / {stats['accepted']}",
        "delivered (distinct referenceIds)": len(delivered),
        "  exactly once": len(acknowledged & delivered) - twice,
        "engine-side duplicates (referenceId twice)": twice,
        "  of which from the SIGKILL window": len(from_kill),
        "  of which otherwise": other_duplicates,
        "lost (accepted, never delivered)": lost,
        "delivered but never accepted": never_accepted,
        "dead letters": dead_letters,
    }
    print(f"== fault run ({machine()}, {options.deliveries} deliveries, {options.delay_ms} ms)")
    for line in log:
        print(f"   {line}")
    for name, value in rows.items():
        print(f"   {name:<42} {value}")
    for reference, arrivals in stats["twice"].items():
        times = ", ".join(f"{arrival - wall_start:.1f}s" for arrival in arrivals)
        window = " (SIGKILL window)" if reference in from_kill else ""
        print(f"   delivered twice: {reference} at {times}{window}")
    broken = lost or never_accepted or other_duplicates
    print(
        "   guarantee (at least once; a duplicate only from a worker killed between the"
        f" engine's 2xx and its acknowledgement): {'BROKEN' if broken else 'held'}"
    )
    return 1 if broken else 0


def in_kill_window(arrivals: list[float], kill: float) -> bool:
    """Whether a referenceId's copies are those of a worker SIGKILLed after the engine took
    its attempt but before it acknowledged: the first copy arrived within one attempt
    deadline before the kill, every later one after the entry idled the reclaim time."""
    timeout = float(REPLICA_SETTINGS["DELIVERY_TIMEOUT_SECONDS"])
    reclaim = float(REPLICA_SETTINGS["DELIVERY_RECLAIM_IDLE_SECONDS"])
    first, *later = sorted(arrivals)
    slack = 0.25  # the stand-in stamps a copy on arrival; the kill is stamped after it
    return kill - timeout <= first <= kill + slack and all(
        copy >= kill + reclaim - slack for copy in later
    )


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
