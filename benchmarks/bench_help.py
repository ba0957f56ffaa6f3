"""`scaffold --help` vs `copier --help`: process start-up time.

    .venv/bin/python benchmarks/bench_help.py [--runs 15]

Each run is a fresh process (wall time, alternating tools, first round dropped). Ratio =
median scaffold time / median copier time (target <= 0.35): scaffold imports copier, pydantic
and questionary only inside the commands that need them. With --importtime, also prints the
ten slowest imports of `python -X importtime -m scaffold --help` (cumulative microseconds),
which is where to look when the target is missed. A measurement, not a test.
"""

from __future__ import annotations

import argparse
import subprocess
import sys

from _common import VENV_BIN, median, report, timed_run


def slowest_imports(count: int = 10) -> list[tuple[int, str]]:
    """The `count` imports with the largest cumulative time during `scaffold --help`."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "scaffold", "--help"],
        capture_output=True,
        text=True,
    )
    rows = []
    for line in done.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            _, cumulative, name = (part.strip() for part in line[12:].split("|"))
            if cumulative.isdigit():
                rows.append((int(cumulative), name))
    return sorted(rows, reverse=True)[:count]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--importtime", action="store_true")
    options = parser.parse_args(argv)
    commands = {
        "scaffold": [str(VENV_BIN / "scaffold"), "--help"],
        "copier": [str(VENV_BIN / "copier"), "--help"],
    }
    times: dict[str, list[float]] = {tool: [] for tool in commands}
    for run in range(options.runs + 1):
        for tool, command in commands.items():
            elapsed = timed_run(command)
            if run:
                times[tool].append(elapsed)
    ours, theirs = median(times["scaffold"]), median(times["copier"])
    figures = {
        "scaffold --help (median)": f"{ours * 1000:.0f} ms",
        "copier --help (median)": f"{theirs * 1000:.0f} ms",
    }
    if options.importtime:
        for cumulative, name in slowest_imports():
            figures[f"import {name.strip()}"] = f"{cumulative / 1000:.1f} ms cumulative"
    report("scaffold --help vs copier --help (wall time)", figures, ours / theirs, "<= 0.35")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
