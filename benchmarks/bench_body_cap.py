"""Peak server memory while a 50 MB request body is refused by the body cap.

    .venv/bin/python benchmarks/bench_body_cap.py [--megabytes 50]

Same uvicorn server as the other server benchmarks (MAX_BODY_BYTES at its 256 KiB default);
the body goes to the public webhook route, where nothing but the cap stands in its way.
Measured on the server process itself, from Linux's /proc: after a warm-up request, the peak
RSS counter (VmHWM) is reset through /proc/PID/clear_refs, the oversized body is sent, and
the new peak is compared with the idle RSS just before. Two framings are sent, each on a
fresh reset: a declared Content-Length (refused before any body is read) and a chunked body
with no length (counted as it streams in, refused on the first chunk over the cap). The
figure reported is the larger growth, in MB (target < 10 MB); the "ratio" is that growth as a
fraction of the 10 MB budget. Linux only. A measurement, not a test.
"""

from __future__ import annotations

import argparse
import secrets
import sys
from pathlib import Path

from _common import load, project_python, report, running_server

BUDGET_MB = 10.0


def _status_kb(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise SystemExit(f"/proc/{pid}/status has no {field}")


def _reset_peak(pid: int) -> None:
    # "5" resets the peak resident set size (VmHWM) to the current RSS (Linux >= 4.0).
    Path(f"/proc/{pid}/clear_refs").write_text("5")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=int, default=50)
    parser.add_argument(
        "--control",
        action="store_true",
        help="prove the method sees a buffered body: cap at 25 MiB, send 20 MiB (accepted size)",
    )
    options = parser.parse_args(argv)
    size = options.megabytes * 1024 * 1024
    extra_env = {}
    if options.control:
        size, extra_env = 20 * 1024 * 1024, {"MAX_BODY_BYTES": str(25 * 1024 * 1024)}
    python = project_python()
    growth: dict[str, float] = {}
    statuses: dict[str, int] = {}
    with running_server(python, secrets.token_urlsafe(32), extra_env) as server:
        load(python, server, "huge", str(512 * 1024))  # warm-up: one refusal of each kind
        load(python, server, "huge", str(512 * 1024), "--chunked")
        for framing in ("declared", "chunked"):
            _reset_peak(server.pid)
            idle = _status_kb(server.pid, "VmRSS")
            extra = ["--chunked"] if framing == "chunked" else []
            result = load(python, server, "huge", str(size), *extra)
            peak = _status_kb(server.pid, "VmHWM")
            growth[framing] = (peak - idle) / 1024
            statuses[framing] = int(result["status"])
        idle_mb = _status_kb(server.pid, "VmRSS") / 1024
    worst = max(growth.values())
    report(
        f"peak memory receiving a {size // 2**20} MB body"
        + (" (control: under the cap)" if options.control else " (over the cap)"),
        {
            "idle RSS": f"{idle_mb:.1f} MB",
            **{
                f"peak growth, {framing}": f"{growth[framing]:.2f} MB -> {statuses[framing]}"
                for framing in growth
            },
            "worst growth": f"{worst:.2f} MB (target < {BUDGET_MB:.0f} MB)",
        },
        worst / BUDGET_MB,
        "< 1.0 (of a 10 MB budget)",
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
