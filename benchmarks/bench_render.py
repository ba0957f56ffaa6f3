"""`scaffold new --defaults --no-git` vs `copier copy --defaults` of the same template.

    .venv/bin/python benchmarks/bench_render.py [--runs 5]

Both render the same template (this checkout's template/, which scaffold also uses) with the
same answers (a project name, defaults for the rest), each as a fresh process into an empty
temporary directory; runs alternate between the two tools so drift on a shared machine hits
both alike. Ratio = median scaffold wall time / median copier wall time (target <= 1.15): what
scaffold adds on top of copier (answer validation, staging directory, move into place). A
measurement, not a test.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from _common import REPO, VENV_BIN, median, report, timed_run

NAME = "bench-render"


def _rounded(values: list[float]) -> list[float]:
    return [round(value, 3) for value in values]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    options = parser.parse_args(argv)
    scaffold = [str(VENV_BIN / "scaffold"), "new", NAME, "--defaults", "--no-git"]
    copier = [str(VENV_BIN / "copier"), "copy", "--quiet", "--defaults"]
    copier += ["--data", f"project_name={NAME}", str(REPO / "template"), NAME]
    times: dict[str, list[float]] = {"scaffold": [], "copier": []}
    with tempfile.TemporaryDirectory(prefix="scaffold-bench-render-") as directory:
        for run in range(options.runs + 1):  # the first round warms caches and is dropped
            for tool, command in (("scaffold", scaffold), ("copier", copier)):
                where = Path(directory) / f"{tool}-{run}"
                where.mkdir()
                elapsed = timed_run(command, cwd=where)
                if run:
                    times[tool].append(elapsed)
    ours, theirs = median(times["scaffold"]), median(times["copier"])
    report(
        "scaffold new vs copier copy (wall time)",
        {
            "scaffold new (median)": f"{ours:.3f}s  runs {_rounded(times['scaffold'])}",
            "copier copy (median)": f"{theirs:.3f}s  runs {_rounded(times['copier'])}",
        },
        ours / theirs,
        "<= 1.15",
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
