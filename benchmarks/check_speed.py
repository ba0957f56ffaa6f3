"""How fast is `scaffold check`? Audits a generated synthetic project and prints lines/second.

    .venv/bin/python benchmarks/check_speed.py [--lines 200000] [--files 400] [--repeat 3]

The project is written to a temporary directory: workflow-server-shaped modules (models,
actions calling httpx, webhook triggers, logging, settings) plus plain helper code, with a
few seeded findings so that every rule family does real work. The audit runs in-process
through `scaffold.audit.audit`, exactly as `scaffold check` does. A measurement, not a
test: there are no thresholds.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from scaffold.audit import audit

HEADER = '''\
"""Synthetic module {index} for the scaffold check benchmark."""

from __future__ import annotations

import hmac
import json
import logging

import httpx
from fastapi import Request
from integrations_sdk.component import FieldInfo, FunctionEnv, workflow_action
from integrations_sdk.triggers import workflow_trigger
from pydantic import BaseModel, SecretStr

logger = logging.getLogger(__name__)
TIMEOUT = httpx.Timeout(connect=3, read=10, write=10, pool=3)
client = httpx.AsyncClient(timeout=TIMEOUT, follow_redirects=False, trust_env=False)
'''

# Each block is formatted with a unique {n}; together they cover what the rules look at.
BLOCKS = (
    """

class Options{n}(BaseModel):
    base_url: str
    default_queue: str = "support"
    api_key_header: str = "X-Api-Key"


class Secrets{n}(BaseModel):
    api_key: SecretStr
    webhook_secret: SecretStr
""",
    """

def queue_fields_{n}(env: FunctionEnv) -> dict[str, FieldInfo]:
    queue = env.info["default_queue"]
    return {{"queue": FieldInfo(label="Queue", options=[(queue, queue.title())])}}


@workflow_action(
    description="Create a record",
    result={{}},
    secrets=["api_key"],
    info=queue_fields_{n},
    docs="Creates one record upstream.",
)
async def create_record_{n}(title: str, queue: str, env: FunctionEnv) -> dict[str, str]:
    headers = {{"Authorization": f"Bearer {{env.secrets['api_key']}}"}}
    response = await client.post(
        f"{{env.info['base_url']}}/records", json={{"title": title[:200]}}, headers=headers
    )
    if response.status_code >= 400:
        logger.warning("create_record_{n} failed with %s", response.status_code)
        raise ValueError("upstream refused the record")
    record = response.json()
    return {{"id": str(record["id"]), "queue": queue}}
""",
    """

@workflow_trigger(description="Record changed", result={{}}, connectionSecrets=["webhook_secret"])
def record_changed_{n}(dispatch, app, getEnv):
    @app.post("/webhooks/record-changed-{n}/{{subscription_id}}")
    async def receive(subscription_id: str, request: Request):
        raw = await request.body()
        expected = getEnv(subscription_id).secrets["webhook_secret"].encode()
        signature = request.headers.get("x-signature", "").encode()
        digest = hmac.new(expected, raw, "sha256").hexdigest().encode()
        if not hmac.compare_digest(digest, signature):
            logger.info("refused webhook for %s", subscription_id)
            return {{"ok": False}}
        event = json.loads(raw)
        dispatch(subscription_id, {{"id": event["id"], "status": event["status"]}})
        return {{"ok": True}}
""",
    '''

def summarise_{n}(records: list[dict[str, object]], limit: int = 50) -> dict[str, int]:
    """Plain helper code: loops, comprehensions, string work."""
    counts: dict[str, int] = {{}}
    for record in records[:limit]:
        status = str(record.get("status", "unknown")).lower()
        counts[status] = counts.get(status, 0) + 1
    total = sum(counts.values())
    if total == 0:
        return {{"total": 0}}
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return {{"total": total, **{{name: count for name, count in ordered}}}}


class Cache{n}:
    def __init__(self, size: int = 128) -> None:
        self._size = size
        self._items: dict[str, object] = {{}}

    def get(self, key: str) -> object | None:
        return self._items.get(key)

    def put(self, key: str, value: object) -> None:
        if len(self._items) >= self._size:
            self._items.pop(next(iter(self._items)))
        self._items[key] = value
''',
)

# Seeded once per file so the report has something in it.
SEEDED = """

@workflow_action(description="Delete a record", result={{}})
def delete_record_{n}(record_id: str, env: FunctionEnv) -> dict[str, str]:
    logger.debug("deleting %s", record_id)
    return {{"id": record_id}}
"""


def write_project(root: Path, total_lines: int, files: int) -> int:
    """Write about `total_lines` lines over `files` modules; return the real line count."""
    per_file = max(total_lines // files, 40)
    written = 0
    counter = 0
    for index in range(files):
        package = root / "src" / "bench" / f"group{index % 20:02d}"
        package.mkdir(parents=True, exist_ok=True)
        parts = [HEADER.format(index=index), SEEDED.format(n=counter)]
        lines = sum(part.count("\n") for part in parts)
        block = 0
        while lines < per_file:
            counter += 1
            text = BLOCKS[block % len(BLOCKS)].format(n=counter)
            parts.append(text)
            lines += text.count("\n")
            block += 1
        (package / f"module_{index:04d}.py").write_text("".join(parts), encoding="utf-8")
        written += lines
    return written


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=200_000, help="lines to generate")
    parser.add_argument("--files", type=int, default=400, help="modules to spread them over")
    parser.add_argument("--repeat", type=int, default=3, help="timed audits (median reported)")
    options = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="scaffold-check-bench-") as directory:
        root = Path(directory)
        written = write_project(root, options.lines, options.files)
        timings: list[tuple[float, float]] = []  # (wall, cpu) per run
        report = None
        for _ in range(max(options.repeat, 1)):
            wall, cpu = time.perf_counter(), time.process_time()
            report = audit(root)
            timings.append((time.perf_counter() - wall, time.process_time() - cpu))
        assert report is not None
        wall_median = statistics.median(wall for wall, _ in timings)
        cpu_median = statistics.median(cpu for _, cpu in timings)
        lines = report.lines_scanned
        print(f"files:              {report.files_scanned}")
        print(f"lines:              {lines} (generated {written})")
        print(f"findings:           {len(report.findings)}")
        print(f"runs (wall):        {', '.join(f'{wall:.2f}s' for wall, _ in timings)}")
        print(f"median wall / cpu:  {wall_median:.2f}s / {cpu_median:.2f}s")
        # CPU time is the steadier figure on a shared machine; wall time is what a user waits.
        wall_rate, cpu_rate = lines / wall_median, lines / cpu_median
        print(f"lines/second:       {wall_rate:,.0f} (wall), {cpu_rate:,.0f} (cpu)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
