"""`scaffold new --openapi` on a synthetic ~5 MB description vs `scaffold new` without one.

    .venv/bin/python benchmarks/bench_openapi.py [--runs 3] [--megabytes 5]

The description is generated (OpenAPI 3.0, JSON): resources with shared component schemas,
`$ref`s, an allOf, enums and five operations each, until it is about the given size (GitHub's
own is several MB). Reported: loading it, listing the operations, choosing three (slice, its
validation, plan), in process; and the whole `scaffold new --openapi ... --operation x3` as a
fresh process next to a plain `scaffold new`, runs alternating. Ratio = median with the
description / median without. A measurement, not a test: nothing here fails on a threshold.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from _common import REPO, VENV_BIN, median, report, timed_run

sys.path.insert(0, str(REPO))

NAME = "bench-openapi"


def _resource(index: int) -> tuple[dict[str, Any], dict[str, Any]]:
    name = f"Thing{index}"
    schema = {
        "type": "object",
        "required": ["id", "name"],
        "description": "A synthetic resource. " * 20,
        "properties": {
            "id": {"type": "string", "maxLength": 64},
            "name": {"type": "string", "maxLength": 200, "description": "Its name. " * 10},
            "status": {"type": "string", "enum": ["open", "pending", "closed"]},
            "owner": {"$ref": "#/components/schemas/Owner"},
            "tags": {"type": "array", "items": {"type": "string", "maxLength": 40}},
            **{f"field_{n}": {"type": "integer", "minimum": 0} for n in range(25)},
        },
    }
    ref = {"$ref": f"#/components/schemas/{name}"}
    body = {"content": {"application/json": {"schema": {"allOf": [ref]}}}, "required": True}
    ok = {"description": "ok", "content": {"application/json": {"schema": ref}}}
    item_id = {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
    paths = {
        f"/things{index}": {
            "get": {
                "operationId": f"listThings{index}",
                "tags": [f"group{index % 40}"],
                "parameters": [{"name": "limit", "in": "query", "schema": {"type": "integer"}}],
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {
                            "application/json": {"schema": {"type": "array", "items": ref}}
                        },
                    }
                },
            },
            "post": {
                "operationId": f"createThing{index}",
                "requestBody": body,
                "responses": {"201": ok},
            },
        },
        f"/things{index}/{{id}}": {
            "parameters": [item_id],
            "get": {"operationId": f"getThing{index}", "responses": {"200": ok}},
            "patch": {
                "operationId": f"updateThing{index}",
                "requestBody": body,
                "responses": {"200": ok},
            },
            "delete": {
                "operationId": f"deleteThing{index}",
                "responses": {"204": {"description": "gone"}},
            },
        },
    }
    return paths, {name: schema}


def synthetic(megabytes: float) -> bytes:
    """A valid OpenAPI 3.0 description of about `megabytes` MB."""
    document: dict[str, Any] = {
        "openapi": "3.0.3",
        "info": {"title": "Synthetic", "version": "1"},
        "servers": [{"url": "https://api.synthetic.example/v1"}],
        "components": {
            "securitySchemes": {"token": {"type": "http", "scheme": "bearer"}},
            "schemas": {
                "Owner": {
                    "type": "object",
                    "required": ["id"],
                    "properties": {"id": {"type": "string"}},
                }
            },
        },
        "security": [{"token": []}],
        "paths": {},
    }
    index = 0
    while True:
        for _ in range(50):
            paths, schemas = _resource(index)
            document["paths"].update(paths)
            document["components"]["schemas"].update(schemas)
            index += 1
        raw = json.dumps(document).encode()
        if len(raw) >= megabytes * 1024 * 1024:
            return raw


def _rounded(values: list[float]) -> list[float]:
    return [round(value, 2) for value in values]


def _seconds(action: Any) -> tuple[float, Any]:
    start = time.perf_counter()
    result = action()
    return time.perf_counter() - start, result


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--megabytes", type=float, default=5.0)
    options = parser.parse_args(argv)
    from scaffold.openapi import choose, list_operations, load

    chosen = ["getThing7", "createThing7", "deleteThing7"]
    with tempfile.TemporaryDirectory(prefix="scaffold-bench-openapi-") as directory:
        path = Path(directory) / "synthetic.json"
        path.write_bytes(synthetic(options.megabytes))
        size = path.stat().st_size / 2**20
        load_time, document = _seconds(lambda: load(str(path)))
        list_time, operations = _seconds(lambda: list_operations(document))
        plan_time, _ = _seconds(lambda: choose(document, chosen))
        scaffold = [str(VENV_BIN / "scaffold"), "new", NAME, "--defaults", "--no-git"]
        with_openapi = [*scaffold, "--openapi", str(path)]
        for operation in chosen:
            with_openapi += ["--operation", operation]
        times: dict[str, list[float]] = {"openapi": [], "plain": []}
        for run in range(options.runs + 1):  # the first round warms caches and is dropped
            for kind, command in (("openapi", with_openapi), ("plain", scaffold)):
                where = Path(directory) / f"{kind}-{run}"
                where.mkdir()
                elapsed = timed_run(command, cwd=where)
                if run:
                    times[kind].append(elapsed)
    ours, plain = median(times["openapi"]), median(times["plain"])
    report(
        f"scaffold new --openapi ({size:.1f} MB, {len(operations)} operations) vs scaffold new",
        {
            "load (in process)": f"{load_time:.2f}s",
            "list operations": f"{list_time:.3f}s",
            "choose 3 (slice, validate, plan)": f"{plan_time:.3f}s",
            "scaffold new --openapi (median)": f"{ours:.2f}s  runs {_rounded(times['openapi'])}",
            "scaffold new (median)": f"{plain:.2f}s  runs {_rounded(times['plain'])}",
        },
        ours / plain,
        "seconds, not minutes",
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
