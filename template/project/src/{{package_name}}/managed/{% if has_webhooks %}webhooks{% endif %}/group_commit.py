# Managed by scaffold and kept current by `scaffold update`: configure it, do not edit it.
"""Claim and append in one Redis script, with concurrent requests sharing one call.

Every accepted delivery is claimed (its replay key, SET NX with a TTL) and appended to the
delivery stream (XADD) in one Lua script, so a crash can never leave a claim without its
event. Under load, the requests of one event loop commit as a group: while one script call
is in flight, the deliveries that arrive wait for it, then go together in the next call
(one round trip, one append-only-file write and fsync for all of them). Nothing waits for a
timer: a lone delivery is sent at once. Each request still answers only after its own event
is in the stream.

Since one call at a time is in flight per event loop, the calls go over one redis-py
connection of their own rather than through the client's pool and retry layers, which cost
about as much CPU again as the round trip itself; the command is packed here too
(`resp_command`), as redis-py's general packer costs more per argument than the rest of the
call.
"""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

# KEYS[1] is the stream, KEYS[2..] one claim per event. ARGV holds, per event in KEYS order:
# the claim's TTL, the number of stream fields, then the fields. The answer has one item per
# event: its entry id, or nil when the claim was taken (a duplicate, never appended twice).
CLAIM_AND_APPEND = """
local answers = {}
local at = 1
for event = 2, #KEYS do
    local ttl, count = ARGV[at], tonumber(ARGV[at + 1])
    if redis.call('SET', KEYS[event], 'claimed', 'NX', 'EX', ttl) then
        answers[event - 1] = redis.call('XADD', KEYS[1], '*', unpack(ARGV, at + 2, at + 1 + count))
    else
        answers[event - 1] = false
    end
    at = at + 2 + count
end
return answers
"""

SCRIPT_SHA = hashlib.sha1(CLAIM_AND_APPEND.encode(), usedforsecurity=False).hexdigest()
MAX_GROUP = 64  # events per script call: bounds one call's size and Redis's time inside it


@dataclass(frozen=True)
class Append:
    """One event to claim and append: its claim key, the claim's TTL, its stream fields."""

    claim_key: str
    ttl_seconds: int
    fields: dict[str, str]


def script_call(stream: str, appends: Iterable[Append]) -> dict[str, Any]:
    """CLAIM_AND_APPEND's keys and arguments for `appends`, in order."""
    keys = [stream]
    args: list[Any] = []
    for append in appends:
        keys.append(append.claim_key)
        args += [append.ttl_seconds, 2 * len(append.fields)]
        args += [part for pair in append.fields.items() for part in pair]
    return {"keys": keys, "args": args}


def resp_command(*parts: str | int) -> bytes:
    """`parts` as one Redis command on the wire (a RESP array of bulk strings), byte for byte
    what redis-py's `pack_command` sends for the same strings and integers."""
    items = [part.encode() if isinstance(part, str) else b"%d" % part for part in parts]
    return b"*%d\r\n" % len(items) + b"".join(
        b"$%d\r\n%s\r\n" % (len(item), item) for item in items
    )


@dataclass
class _LoopState:
    client: Any
    connection: Any = None  # opened on the first call, dropped after any failure
    waiting: list[tuple[Append, asyncio.Future[bool]]] = field(default_factory=list)
    committer: asyncio.Task[None] | None = None


class GroupCommit:
    """The intake's way onto the stream, on the asyncio Redis client of the running loop.

    redis.asyncio connections belong to the loop that opened them (one loop under uvicorn; a
    TestClient without `with` runs every request in a fresh one), so the client, its
    connection and the waiting deliveries are kept per loop. `connect` builds the client
    (its URL, timeouts and TLS settings make the connection).
    """

    def __init__(self, connect: Callable[[], Any], stream: str) -> None:
        self._connect = connect
        self.stream = stream
        self._loop: asyncio.AbstractEventLoop | None = None
        self._state: _LoopState | None = None

    async def append(self, append: Append) -> bool:
        """Claim and append one event; False: its claim was taken (a duplicate). Raises what
        the script call raised (Redis unreachable): then nothing of it was claimed."""
        state = self._current()
        answer: asyncio.Future[bool] = asyncio.get_running_loop().create_future()
        state.waiting.append((append, answer))
        if state.committer is None:
            state.committer = asyncio.create_task(self._commit(state))
        return await answer

    def _current(self) -> _LoopState:
        loop = asyncio.get_running_loop()
        if loop is not self._loop or self._state is None:
            self._state = _LoopState(self._connect())
            self._loop = loop
        return self._state

    async def _commit(self, state: _LoopState) -> None:
        group: list[tuple[Append, asyncio.Future[bool]]] = []
        try:
            while state.waiting:
                group, state.waiting = state.waiting[:MAX_GROUP], state.waiting[MAX_GROUP:]
                try:
                    answers = await _run_script(
                        state, script_call(self.stream, (append for append, _ in group))
                    )
                except Exception as error:  # the whole group failed; each request says 503
                    _settle(group, error)
                    continue
                for (_, answer), entry_id in zip(group, answers, strict=True):
                    if not answer.done():  # its request may have been cancelled meanwhile
                        answer.set_result(entry_id is not None)
        except BaseException:  # cancelled (the loop is closing): no request waits forever
            _settle(group + state.waiting, None)
            state.waiting = []
            raise
        finally:
            state.committer = None


async def _run_script(state: _LoopState, call: dict[str, Any]) -> Any:
    """CLAIM_AND_APPEND by EVALSHA on the loop's own connection; by EVAL when Redis does not
    know the script yet (a fresh or restarted server), which also makes Redis keep it."""
    from redis.exceptions import NoScriptError

    if state.connection is None:
        connection = state.client.connection_pool.make_connection()
        await connection.connect()
        state.connection = connection
    keys, args = call["keys"], call["args"]

    async def run(verb: str, script: str) -> Any:
        command = resp_command(verb, script, len(keys), *keys, *args)
        await state.connection.send_packed_command(command)
        return await state.connection.read_response()

    try:
        try:
            return await run("EVALSHA", SCRIPT_SHA)
        except NoScriptError:
            return await run("EVAL", CLAIM_AND_APPEND)
    except BaseException:
        # Never reuse a connection whose answer may be half read: the next call reconnects.
        connection, state.connection = state.connection, None
        await connection.disconnect(nowait=True)
        raise


def _settle(group: list[tuple[Append, asyncio.Future[bool]]], error: Exception | None) -> None:
    """Fail every request of `group` still waiting: with `error`, or cancelled (None)."""
    for _, answer in group:
        if answer.done():
            continue
        if error is None:
            answer.cancel()
        else:
            answer.set_exception(error)
