"""The intake's cost per request in instructions: the server runs under valgrind's callgrind,
which counts what it executes, so the figures repeat to a fraction of a percent whatever
else the machine is doing (requests/s on two shared cores move by +-20 % between runs).

    .venv/bin/python benchmarks/bench_instructions.py [--count 400] [--rounds 2] [--log-level INFO]

Production mode with a real redis-server, intake only (no delivery workers), against the TLS
stand-ins of bench_delivery.py, with the same four kinds of request over benchmarks/_load.py:
accepted (202), naive (the pydantic-body route), refused (wrong signature, 401) and floor (the
hardening layer's own 401). Around each round the counters are zeroed and dumped with
`callgrind_control`, so a figure is the server's instructions for that round's requests
divided by their number. The secret cache is given 300 s, so no round pays a storage lookup
(the rounds are slow under valgrind, about 50 times).

What it leaves out: the kernel's work (socket reads and writes, Redis's fsync) and waiting;
instructions are a repeatable proxy for CPU, for comparing two builds of the same code, not a
replacement for bench_delivery.py's requests/s. Needs valgrind (`apt-get install valgrind`).
"""

from __future__ import annotations

import argparse
import json
import secrets
import shutil
import subprocess
import sys
from pathlib import Path

from _common import WORK, Server, load, machine, median, project_python, running_server
from _rig import production_env, running_redis, running_standins
from bench_delivery import KINDS, _subscribe


def _callgrind(arguments: list[str]) -> None:
    subprocess.run(["callgrind_control", *arguments], check=True, capture_output=True)


def _round_instructions(
    python: Path, server: Server, out: Path, kind: str, common: list[str], count: int
) -> tuple[float, dict[str, int]]:
    """Instructions per answered request of one round of `count` requests of `kind`, and
    the answers' statuses."""
    _callgrind(["--zero", str(server.pid)])
    result = load(python, server, "run", kind, *common, "--count", str(count))
    before = set(out.iterdir())
    _callgrind(["--dump", str(server.pid)])
    [dump] = set(out.iterdir()) - before
    totals = next(
        line for line in dump.read_text().splitlines() if line.startswith(("totals:", "summary:"))
    )
    answered = dict(result["statuses"])
    # A round that hit the load client's time bound answered fewer than `count`.
    return int(totals.split()[1]) / max(1, sum(answered.values())), answered


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=400, help="requests per round")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument(
        "--log-level",
        default="WARNING",
        choices=["WARNING", "INFO"],
        help="the server's LOG_LEVEL (INFO, the default of a deployment, logs every delivery)",
    )
    options = parser.parse_args(argv)
    if not shutil.which("valgrind") or not shutil.which("callgrind_control"):
        raise SystemExit("needs valgrind: apt-get install -y valgrind")
    python = project_python()
    out = WORK / "callgrind"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    per_request: dict[str, list[float]] = {kind: [] for kind, _ in KINDS}
    statuses: dict[str, dict[str, int]] = {kind: {} for kind, _ in KINDS}
    wrapper = ("valgrind", "--tool=callgrind", f"--callgrind-out-file={out}/out.%p")
    with running_redis() as redis, running_standins(python, WORK / "instr", 2.0) as standins:
        environment = production_env(
            standins,
            redis.url,
            WEBHOOK_DELIVERY_WORKERS="external",
            WEBHOOK_SECRET_CACHE_SECONDS="300",  # noqa: S106 (a lifetime, not a secret)
            LOG_LEVEL=options.log_level,
        )
        with running_server(
            python,
            secrets.token_urlsafe(32),
            environment,
            ("--real-engine",),
            wrapper=wrapper,
            start_seconds=300,
        ) as server:
            common = _subscribe(python, server, standins, True)
            for _, load_kind in KINDS:  # warm-up: imports, caches, the Redis script
                load(python, server, "run", load_kind, *common, "--count", "100")
            for _ in range(options.rounds):
                for kind, load_kind in KINDS:
                    figure, answered = _round_instructions(
                        python, server, out, load_kind, common, options.count
                    )
                    per_request[kind].append(figure)
                    for code, n in answered.items():
                        statuses[kind][code] = statuses[kind].get(code, 0) + n
    figures = {kind: median(values) for kind, values in per_request.items()}
    accepted = figures["accepted"]
    print(
        f"== intake instructions per request ({machine()}, production + Redis, callgrind, "
        f"LOG_LEVEL={options.log_level})"
    )
    for kind, values in per_request.items():
        spread = max(values) / min(values) - 1
        print(
            f"   {kind:<9} {figures[kind]:>11,.0f}  (spread {spread:.2%}, answers {statuses[kind]})"
        )
    ratios = {
        "accepted/naive as requests/s: naive's cost / accepted's (>= 0.85)": figures["naive"]
        / accepted,
        "refused/accepted cost (<= 0.6)": figures["refused"] / accepted,
        "floor/accepted cost": figures["floor"] / accepted,
    }
    for name, ratio in ratios.items():
        print(f"   {name:<66} {ratio:.2f}")
    print("RESULT " + json.dumps({"title": "intake instructions", "figures": figures}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
