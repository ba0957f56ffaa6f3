"""Bad signature refused vs good signature accepted: server cost per request.

    .venv/bin/python benchmarks/bench_bad_signature.py [--rounds 3] [--count 3000]

Same server and client as bench_webhook_rps.py. `bad` deliveries are well-formed and signed
with the wrong secret (fresh delivery ids, so only the signature is wrong); `good` ones are
accepted and dispatched (to a stub engine). Cost per request = 1 / requests-per-second under
the same concurrency; ratio = median bad cost / median good cost (target <= 0.6): refusing a
forgery should be much cheaper than accepting an event. A measurement, not a test.
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
    costs: dict[str, list[float]] = {"bad": [], "signed": []}
    seen: dict[str, set[str]] = {"bad": set(), "signed": set()}
    with running_server(python, secrets.token_urlsafe(32)) as server:
        target = load(python, server, "setup")
        common = [str(target["subscription"]), str(target["secret"])]
        for kind in costs:  # warm-up
            load(python, server, "run", kind, *common, "--count", "300")
        for _ in range(options.rounds):
            for kind in costs:
                result = load(python, server, "run", kind, *common, "--count", str(options.count))
                costs[kind].append(1e6 / float(result["rps"]))
                seen[kind].update(dict(result["statuses"]))  # type: ignore[call-overload]
    bad, good = median(costs["bad"]), median(costs["signed"])
    report(
        "bad signature refused vs good accepted (cost/request)",
        {
            "bad cost (median)": f"{bad:,.0f} us/request, statuses {sorted(seen['bad'])}",
            "good cost (median)": f"{good:,.0f} us/request, statuses {sorted(seen['signed'])}",
        },
        bad / good,
        "<= 0.6",
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
