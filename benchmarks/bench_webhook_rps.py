"""Signed webhook deliveries vs an unsigned route of the same app: requests per second.

    .venv/bin/python benchmarks/bench_webhook_rps.py [--rounds 3] [--count 3000]

The default project is rendered once (SDK double) into a reusable virtualenv, served by
uvicorn on loopback (one worker, dev mode, LOG_LEVEL=WARNING) and loaded by a raw keep-alive
HTTP client (16 connections) in another process. Rounds alternate signed/plain; each is
bounded by --count requests and 20 seconds. Ratio = median signed rps / median plain rps
(target >= 0.85). A measurement, not a test.
"""

from __future__ import annotations

import argparse
import secrets
import sys

from _common import load, median, project_python, report, running_server


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--count", type=int, default=3000)
    options = parser.parse_args(argv)
    python = project_python()
    rates: dict[str, list[float]] = {"signed": [], "plain": []}
    statuses: dict[str, dict[str, int]] = {"signed": {}, "plain": {}}
    with running_server(python, secrets.token_urlsafe(32)) as server:
        target = load(python, server, "setup")
        common = [str(target["subscription"]), str(target["secret"])]
        load(python, server, "run", "signed", *common, "--count", "300")  # warm-up
        load(python, server, "run", "plain", *common, "--count", "300")
        for _ in range(options.rounds):
            for kind in ("signed", "plain"):
                result = load(python, server, "run", kind, *common, "--count", str(options.count))
                rates[kind].append(float(result["rps"]))
                for code, n in dict(result["statuses"]).items():  # type: ignore[call-overload]
                    statuses[kind][code] = statuses[kind].get(code, 0) + int(n)
    signed, plain = median(rates["signed"]), median(rates["plain"])
    report(
        "signed webhook vs unsigned route (requests/s)",
        {
            "signed rps (median)": f"{signed:,.0f}  runs {[round(r) for r in rates['signed']]}",
            "plain rps (median)": f"{plain:,.0f}  runs {[round(r) for r in rates['plain']]}",
            "statuses signed / plain": f"{statuses['signed']} / {statuses['plain']}",
        },
        signed / plain,
        ">= 0.85",
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
