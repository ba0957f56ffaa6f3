"""Run the issue-8 and issue-15 benchmarks one after another and print their ratios together.

    .venv/bin/python benchmarks/run_all.py

Each benchmark runs as its own process with its default (bounded) settings; the server
benchmarks share one rendered project and virtualenv (kept in $SCAFFOLD_BENCH_DIR, default
<tmp>/scaffold-bench). check_speed.py (`scaffold check` throughput) is separate. A
measurement, not a test: nothing fails on a missed target, which is only marked.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from _common import machine

HERE = Path(__file__).resolve().parent
BENCHMARKS = (
    "bench_render.py",
    "bench_help.py",
    "bench_webhook_rps.py",
    "bench_bad_signature.py",
    "bench_body_cap.py",
    "bench_delivery.py",
)


def met(ratio: float, target: str) -> bool:
    """Whether `ratio` meets a target written as '<= x', '>= x' or '< x ...'."""
    operator, bound = target.split()[:2]
    limit = float(bound)
    return {"<=": ratio <= limit, ">=": ratio >= limit, "<": ratio < limit}[operator]


def main() -> int:
    results = []
    for script in BENCHMARKS:
        done = subprocess.run(
            [sys.executable, str(HERE / script)], capture_output=True, text=True, timeout=1800
        )
        print(done.stdout, end="")
        if done.returncode != 0:
            print(f"{script} failed:\n{done.stderr}")
            continue
        line = next(x for x in done.stdout.splitlines()[::-1] if x.startswith("RESULT "))
        results.append(json.loads(line.removeprefix("RESULT ")))
    print(f"\n== ratios ({machine()})")
    for result in results:
        ratio, target = float(result["ratio"]), str(result["target"])
        verdict = "met" if met(ratio, target) else "MISSED"
        print(f"   {result['title']:<58} {ratio:6.3f}  target {target:<28} {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
