"""managed/webhooks/group_commit.py: concurrent intake appends share one script call, each
request still learns its own answer (appended, or a duplicate), a failed call fails every
request of its group and claims nothing, and nothing waits on a timer. The projects keep the
proofs through their public webhook route (test_delivery.py: 202 then delivered, duplicates
queued once, Redis down is 503)."""

from __future__ import annotations

import asyncio
from types import ModuleType
from typing import Any

import fakeredis
import pytest
import redis

from managed_support import Render

STREAM = "webhook-deliveries"


@pytest.fixture
def group_commit(probe: Render) -> ModuleType:
    return probe.module("managed.webhooks.group_commit")


class CountingConnect:
    """The injected client factory: fakeredis, with the script calls each connection sends
    counted (the script itself runs in fakeredis's Lua)."""

    def __init__(self, server: fakeredis.FakeServer) -> None:
        self.server = server
        self.calls: list[int] = []  # events per script call
        self.connections = 0

    def __call__(self) -> Any:
        client = fakeredis.FakeAsyncRedis(server=self.server)
        make_connection = client.connection_pool.make_connection

        def counted_connection() -> Any:
            self.connections += 1
            connection = make_connection()
            send_packed_command = connection.send_packed_command

            async def send(command: Any, **options: Any) -> Any:
                # *N, $7, EVALSHA, $40, sha, $k, number of keys, ... (redis-py's own commands,
                # such as the connection handshake, come as a list of chunks)
                packed = command if isinstance(command, bytes) else b"".join(command)
                parts = packed.split(b"\r\n")
                if parts[2] == b"EVALSHA":  # then EVAL if Redis did not know the script yet
                    self.calls.append(int(parts[6]) - 1)  # the keys after the stream
                return await send_packed_command(command, **options)

            connection.send_packed_command = send
            return connection

        client.connection_pool.make_connection = counted_connection
        return client


def fields(reference: str) -> dict[str, str]:
    return {"subscription": "sub", "trigger": "t", "reference": reference, "payload": "{}"}


def stream_references(server: fakeredis.FakeServer) -> list[str]:
    entries = fakeredis.FakeRedis(server=server).xrange(STREAM)
    return [entry[b"reference"].decode() for _entry_id, entry in entries]


def test_concurrent_appends_share_a_call_and_keep_their_order(group_commit: ModuleType) -> None:
    server = fakeredis.FakeServer()
    connect = CountingConnect(server)
    commit = group_commit.GroupCommit(connect, STREAM)

    async def burst() -> list[bool]:
        appends = [group_commit.Append(f"claim-{n}", 60, fields(f"ref-{n}")) for n in range(20)]
        return await asyncio.gather(*(commit.append(append) for append in appends))

    assert asyncio.run(burst()) == [True] * 20
    assert connect.calls == [20]  # one round trip for the whole burst
    assert stream_references(server) == [f"ref-{n}" for n in range(20)]
    assert 50 < fakeredis.FakeRedis(server=server).ttl("claim-7") <= 60


def test_what_arrives_during_a_call_goes_together_in_the_next(group_commit: ModuleType) -> None:
    server = fakeredis.FakeServer()
    connect = CountingConnect(server)
    commit = group_commit.GroupCommit(connect, STREAM)

    async def staggered() -> list[bool]:
        first = asyncio.create_task(commit.append(group_commit.Append("c-0", 60, fields("r-0"))))
        while not connect.calls:  # the lone first delivery is sent without waiting for others
            await asyncio.sleep(0)
        rest = [commit.append(group_commit.Append(f"c-{n}", 60, fields(f"r-{n}"))) for n in (1, 2)]
        return [await first, *await asyncio.gather(*rest)]

    assert asyncio.run(staggered()) == [True, True, True]
    assert connect.calls == [1, 2]


def test_a_duplicate_in_the_same_group_is_answered_false_and_appended_once(
    group_commit: ModuleType,
) -> None:
    server = fakeredis.FakeServer()
    commit = group_commit.GroupCommit(CountingConnect(server), STREAM)

    async def burst() -> list[bool]:
        first = group_commit.Append("claim-x", 60, fields("ref-x"))
        again = group_commit.Append("claim-x", 60, fields("ref-x"))
        other = group_commit.Append("claim-y", 60, fields("ref-y"))
        return await asyncio.gather(*(commit.append(a) for a in (other, first, again)))

    assert asyncio.run(burst()) == [True, True, False]
    assert stream_references(server) == ["ref-y", "ref-x"]


def test_groups_are_bounded(group_commit: ModuleType) -> None:
    server = fakeredis.FakeServer()
    connect = CountingConnect(server)
    commit = group_commit.GroupCommit(connect, STREAM)
    count = 2 * group_commit.MAX_GROUP + 5

    async def burst() -> list[bool]:
        appends = [group_commit.Append(f"c-{n}", 60, fields(f"r-{n}")) for n in range(count)]
        return await asyncio.gather(*(commit.append(append) for append in appends))

    assert all(asyncio.run(burst()))
    assert max(connect.calls) == group_commit.MAX_GROUP
    assert sum(connect.calls) == count
    assert len(stream_references(server)) == count


def test_a_failed_call_fails_each_request_of_its_group_and_claims_nothing(
    group_commit: ModuleType,
) -> None:
    server = fakeredis.FakeServer()
    connect = CountingConnect(server)
    commit = group_commit.GroupCommit(connect, STREAM)
    appends = [group_commit.Append(f"claim-{n}", 60, fields(f"ref-{n}")) for n in range(5)]

    async def burst() -> list[Any]:
        return await asyncio.gather(
            *(commit.append(append) for append in appends), return_exceptions=True
        )

    async def both_rounds() -> tuple[list[Any], list[Any]]:
        server.connected = False  # Redis unreachable
        failed = await burst()
        server.connected = True  # back: the upstream's retries go through
        return failed, await burst()

    failed, retried = asyncio.run(both_rounds())
    assert all(isinstance(answer, redis.ConnectionError) for answer in failed)
    assert retried == [True] * 5  # nothing was claimed by the failed round
    assert connect.connections == 2  # the failed connection was dropped, not reused
    assert stream_references(server) == [f"ref-{n}" for n in range(5)]


def test_a_cancelled_request_leaves_the_others_answered(group_commit: ModuleType) -> None:
    server = fakeredis.FakeServer()
    commit = group_commit.GroupCommit(CountingConnect(server), STREAM)

    async def burst() -> tuple[list[Any], bool]:
        tasks = [
            asyncio.create_task(commit.append(group_commit.Append(f"c-{n}", 60, fields(f"r-{n}"))))
            for n in range(4)
        ]
        await asyncio.sleep(0)  # all four are waiting now
        tasks[2].cancel()  # its client went away
        answers = await asyncio.gather(*tasks, return_exceptions=True)
        later = await commit.append(group_commit.Append("c-later", 60, fields("r-later")))
        return answers, later

    answers, later = asyncio.run(burst())
    assert answers[:2] == [True, True] and answers[3] is True
    assert isinstance(answers[2], asyncio.CancelledError)
    assert later is True
    assert "r-later" in stream_references(server)


def test_each_event_loop_gets_its_own_client(group_commit: ModuleType) -> None:
    server = fakeredis.FakeServer()
    connect = CountingConnect(server)
    commit = group_commit.GroupCommit(connect, STREAM)
    for n in range(3):  # a TestClient without `with` runs every request in a fresh loop
        assert asyncio.run(commit.append(group_commit.Append(f"c-{n}", 60, fields(f"r-{n}"))))
    assert connect.calls == [1, 1, 1]
    assert stream_references(server) == ["r-0", "r-1", "r-2"]


@pytest.mark.parametrize(
    "parts",
    [
        ("EVALSHA", "0" * 40, 2, "webhook-deliveries", "claim", 300, 2, "payload", "{}"),
        ("EVAL", "return 1", 0),
        ("SET", "clé-ünï", "värde ☃", "EX", 86400, "", "-1", -7, 0),
    ],
)
def test_commands_are_packed_as_redis_py_packs_them(
    group_commit: ModuleType, parts: tuple[Any, ...]
) -> None:
    expected = b"".join(redis.asyncio.Connection().pack_command(*parts))
    assert group_commit.resp_command(*parts) == expected


def test_a_redis_that_forgot_the_script_gets_it_again(group_commit: ModuleType) -> None:
    server = fakeredis.FakeServer()
    commit = group_commit.GroupCommit(CountingConnect(server), STREAM)

    async def around_a_flush() -> list[bool]:
        first = await commit.append(group_commit.Append("c-1", 60, fields("r-1")))
        await fakeredis.FakeAsyncRedis(server=server).script_flush()  # as after a restart
        second = await commit.append(group_commit.Append("c-2", 60, fields("r-2")))
        return [first, second]

    assert asyncio.run(around_a_flush()) == [True, True]
    assert stream_references(server) == ["r-1", "r-2"]
