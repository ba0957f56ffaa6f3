"""The load client for the server benchmarks: raw HTTP/1.1 over keep-alive loopback sockets.

    <project venv>/bin/python benchmarks/_load.py PACKAGE PORT TOKEN setup [CALLBACK_URL]
    <project venv>/bin/python benchmarks/_load.py PACKAGE PORT TOKEN connection
    <project venv>/bin/python benchmarks/_load.py PACKAGE PORT TOKEN run KIND SUBSCRIPTION \
        SECRET [--count N] [--concurrency C] [--seconds S]
    <project venv>/bin/python benchmarks/_load.py PACKAGE PORT TOKEN huge BYTES [--chunked]
        (a BYTES-long body to the public webhook route)

Runs in the generated project's virtualenv so it can sign deliveries with the project's own
`managed.webhooks.sender`. Every request is built (and signed, each with a fresh delivery id,
since the replay guard refuses a repeated one) before the clock starts, so the client does almost no
work while it is timed. KIND is `signed` (valid signature), `bad` (signed with the wrong
secret), `plain` (the unsigned `/bench/plain` route, bearer token, same body) or `naive` (the
same on `/bench/naive`, a pydantic-body route) or `floor` (`/bench/plain` with a wrong token:
the hardening layer's own 401, before any routing, the cheapest refusal the app can give).
Prints one JSON line: requests, seconds, requests/s, p50/p99 latency in ms and the status
codes seen.
"""

from __future__ import annotations

import asyncio
import base64
import importlib
import json
import os
import re
import sys
import time
import urllib.request
import uuid
from collections import Counter
from typing import Any


def _call(port: int, token: str, path: str, document: dict[str, Any]) -> dict[str, Any]:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}",
        data=json.dumps(document).encode(),
        headers={"Authorization": f"Bearer {token}", "content-type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 (loopback http)
        answer: dict[str, Any] = json.loads(response.read())
        return answer


def connection(package: str, port: int, token: str) -> dict[str, str]:
    """A connection created over HTTP, the first trigger's name and a fresh signing secret:
    the production rig stores the subscription itself (benchmarks/_rig.py)."""
    module = importlib.import_module(f"{package}.connection")
    sender = importlib.import_module(f"{package}.managed.webhooks.sender")
    base_url = re.sub(r"\{[a-z_]+\}", "tenant", module.API_BASE_URL_TEMPLATE)
    secrets = {name: "bench-" + uuid.uuid4().hex for name in module.Secrets.model_fields}
    created = _call(
        port, token, "/connections", {"options": {"baseUrl": base_url}, "secrets": secrets}
    )
    return {
        "connection": str(created["id"]),
        "trigger": next(iter(sender.TRIGGERS.values())),
        "secret": "whsec_" + base64.b64encode(os.urandom(32)).decode(),
    }


def setup(
    package: str, port: int, token: str, callback: str = "http://127.0.0.1:9/engine"
) -> dict[str, str]:
    """A connection and a subscription to the first trigger, created over HTTP (dev mode)."""
    created = connection(package, port, token)
    subscription = _call(
        port,
        token,
        f"/connections/{created['connection']}/subscriptions/{created['trigger']}",
        {
            "callback": {"type": "http", "method": "post", "url": callback},
            "data": {"options": {}, "secrets": {"signingSecret": created["secret"]}},
        },
    )
    return {"subscription": str(subscription["id"]), "secret": created["secret"]}


def build_requests(
    package: str, port: int, token: str, kind: str, subscription: str, secret: str, count: int
) -> list[bytes]:
    """`count` complete raw requests of `kind`, each with its own delivery id."""
    sender = importlib.import_module(f"{package}.managed.webhooks.sender")
    event_type = next(iter(sender.TRIGGERS))
    signing_key = secret if kind != "bad" else "whsec_" + base64.b64encode(os.urandom(32)).decode()
    now = int(time.time())
    built = []
    for _ in range(count):
        delivery = "dlv-" + uuid.uuid4().hex
        values = {
            name: f"{value}-{delivery}" for name, value in sender.sample_values(event_type).items()
        }
        body = sender.encode(sender.sample_document(event_type, delivery, values))
        if kind in ("plain", "naive", "floor"):
            path = "/bench/plain" if kind == "floor" else f"/bench/{kind}"
            bearer = "not-the-token" if kind == "floor" else token
            headers = {"content-type": "application/json", "authorization": f"Bearer {bearer}"}
        else:
            path = sender.route(event_type, subscription)
            headers = sender.signed_headers(
                event_type, body, signing_key.encode(), delivery_id=delivery, timestamp=now
            )
        head = f"POST {path} HTTP/1.1\r\nhost: 127.0.0.1:{port}\r\ncontent-length: {len(body)}\r\n"
        head += "".join(f"{name}: {value}\r\n" for name, value in headers.items())
        built.append(head.encode() + b"\r\n" + body)
    return built


async def _read_response(reader: asyncio.StreamReader) -> int:
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    match = re.search(rb"(?im)^content-length:\s*(\d+)", head)
    if match is None:
        raise RuntimeError("response without content-length")
    await reader.readexactly(int(match.group(1)))
    return status


async def fire(
    port: int, requests: list[bytes], concurrency: int, seconds: float
) -> dict[str, Any]:
    """Send `requests` over `concurrency` keep-alive connections, stopping after `seconds`."""
    statuses: Counter[int] = Counter()
    latencies: list[float] = []
    queue = iter(requests)
    deadline = time.perf_counter() + seconds

    async def worker() -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            for raw in queue:
                sent = time.perf_counter()
                writer.write(raw)
                await writer.drain()
                statuses[await _read_response(reader)] += 1
                latencies.append(time.perf_counter() - sent)
                if time.perf_counter() > deadline:
                    break
        finally:
            writer.close()

    start = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    elapsed = time.perf_counter() - start
    done = sum(statuses.values())
    return {
        "requests": done,
        "seconds": elapsed,
        "rps": done / elapsed,
        "p50_ms": _percentile(latencies, 0.50) * 1000,
        "p99_ms": _percentile(latencies, 0.99) * 1000,
        "statuses": {str(code): n for code, n in sorted(statuses.items())},
    }


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] if ordered else 0.0


async def huge(port: int, path: str, size: int, chunked: bool) -> dict[str, Any]:
    """POST a `size`-byte body to `path` (declared or chunked); report the status."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    framing = "transfer-encoding: chunked" if chunked else f"content-length: {size}"
    writer.write(
        f"POST {path} HTTP/1.1\r\nhost: 127.0.0.1\r\n{framing}\r\n"
        "content-type: application/json\r\n\r\n".encode()
    )
    block = b"x" * (1024 * 1024)
    sent = 0
    status = 0
    try:
        while sent < size:
            piece = block[: min(len(block), size - sent)]
            writer.write(b"%x\r\n%s\r\n" % (len(piece), piece) if chunked else piece)
            await writer.drain()
            sent += len(piece)
        if chunked:
            writer.write(b"0\r\n\r\n")
            await writer.drain()
    except ConnectionError:
        pass  # the server answered and closed before the whole body was sent: expected
    try:
        status = await asyncio.wait_for(_read_response(reader), timeout=30)
    except (ConnectionError, asyncio.IncompleteReadError, TimeoutError):
        status = 0
    writer.close()
    return {"status": status, "sent_bytes": sent}


def _option(args: list[str], name: str, default: float) -> float:
    return float(args[args.index(name) + 1]) if name in args else default


def main(argv: list[str]) -> None:
    package, port, token, command, *rest = argv
    if command == "setup":
        result: dict[str, Any] = setup(package, int(port), token, *rest[:1])
    elif command == "connection":
        result = connection(package, int(port), token)
    elif command == "build":
        # Signed requests for the fault run, one JSON line each: delivery id and raw bytes.
        subscription, secret, count, destination = rest[:4]
        built = build_requests(
            package, int(port), token, "signed", subscription, secret, int(count)
        )
        with open(destination, "w") as out:
            for raw in built:
                found = re.search(rb"dlv-[0-9a-f]{32}", raw)  # build_requests' delivery ids
                line = {
                    "id": found.group(0).decode() if found else "",
                    "raw": base64.b64encode(raw).decode(),
                }
                out.write(json.dumps(line) + "\n")
        result = {"built": len(built)}
    elif command == "run":
        kind, subscription, secret = rest[:3]
        count = int(_option(rest, "--count", 3000))
        built = build_requests(package, int(port), token, kind, subscription, secret, count)
        concurrency = int(_option(rest, "--concurrency", 16))
        result = asyncio.run(fire(int(port), built, concurrency, _option(rest, "--seconds", 20)))
    elif command == "huge":
        # The public webhook route: no token needed, so only the body cap stands in the way.
        sender = importlib.import_module(f"{package}.managed.webhooks.sender")
        path = sender.route(next(iter(sender.TRIGGERS)), "sub-" + uuid.uuid4().hex)
        result = asyncio.run(huge(int(port), path, int(rest[0]), "--chunked" in rest))
    else:
        raise SystemExit(f"unknown command {command!r}")
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1:])
