"""Shared plumbing for the benchmarks: timing, medians, a rendered project in a reusable
virtualenv, and a uvicorn server of that project on loopback.

Not a benchmark itself (the leading underscore keeps run_all.py from treating it as one).
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

REPO = Path(__file__).resolve().parent.parent
BENCHMARKS = REPO / "benchmarks"
VENV_BIN = Path(sys.executable).parent
# Rendered projects and their virtualenvs are kept here between runs (installing is slow).
WORK = Path(os.environ.get("SCAFFOLD_BENCH_DIR") or Path(tempfile.gettempdir()) / "scaffold-bench")
PROJECT = "bench-server"
PACKAGE = PROJECT.replace("-", "_")


def support() -> ModuleType:
    """tests/scaffold_support.py (render_project, make_venv, install), imported lazily."""
    sys.path.insert(0, str(REPO / "tests"))
    import scaffold_support

    return scaffold_support


def machine() -> str:
    """One line naming the machine: CPUs, architecture and Python."""
    return f"nproc={os.cpu_count()} arch={platform.machine()} python={platform.python_version()}"


def median(values: list[float]) -> float:
    return statistics.median(values)


def timed_run(command: list[str], *, cwd: Path | None = None) -> float:
    """Wall-clock seconds for one run of `command` (which must succeed)."""
    environment = {**os.environ, "NO_COLOR": "1"}
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=environment)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stdout}\n{done.stderr}")
    return elapsed


def report(title: str, figures: dict[str, str], ratio: float, target: str) -> None:
    """Print one benchmark's figures (machine first) and ratio, then the RESULT line that
    run_all.py collects."""
    figures = {"machine": machine(), **figures}
    print(f"== {title}")
    for name, value in figures.items():
        print(f"   {name:<28} {value}")
    print(f"   {'ratio':<28} {ratio:.3f} (target {target})")
    result = {"title": title, "ratio": ratio, "target": target, **figures}
    print("RESULT " + json.dumps(result))


def project_python() -> Path:
    """Python of a virtualenv holding the default project (SDK double), rendered once."""
    project = WORK / PROJECT
    python = WORK / "venv" / "bin" / "python"
    marker = WORK / "installed"
    if marker.is_file() and python.is_file() and project.is_dir():
        return python
    helpers = support()
    shutil.rmtree(WORK, ignore_errors=True)
    WORK.mkdir(parents=True)
    helpers.render_project(project)
    helpers.make_venv(WORK / "venv")
    helpers.install(python, str(project))
    marker.write_text("ok\n")
    return python


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass(frozen=True)
class Server:
    """A running benchmark server: where it listens and its process id."""

    port: int
    pid: int
    token: str


@contextmanager
def running_server(
    python: Path,
    token: str,
    extra_env: dict[str, str] | None = None,
    server_args: tuple[str, ...] = (),
    *,
    wrapper: tuple[str, ...] = (),
    start_seconds: float = 30,
) -> Iterator[Server]:
    """Start benchmarks/_server.py under uvicorn on loopback; stop it afterwards. `wrapper`
    goes before the command (valgrind, say; then give it `start_seconds` to answer)."""
    port = free_port()
    state = WORK / f"state-{port}"
    state.mkdir(parents=True, exist_ok=True)
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEV_MODE", "APP_ENV", "AUTH_TOKEN", "PYTHONPATH"}
    }
    environment.update(
        APP_ENV="development", DEV_MODE="true", AUTH_TOKEN=token, LOG_LEVEL="WARNING"
    )
    environment.update(extra_env or {})
    process = subprocess.Popen(
        [*wrapper, str(python), str(BENCHMARKS / "_server.py"), PACKAGE, str(port), *server_args],
        cwd=state,  # the SDK's dev.db lands here
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + start_seconds
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/liveness", timeout=1):
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit("the benchmark server did not start") from None
                time.sleep(0.1)
        yield Server(port=port, pid=process.pid, token=token)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10 if not wrapper else 120)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        shutil.rmtree(state, ignore_errors=True)


def load(python: Path, server: Server, *args: str) -> dict[str, Any]:
    """Run benchmarks/_load.py in the project's virtualenv; return its JSON result."""
    done = subprocess.run(
        [str(python), str(BENCHMARKS / "_load.py"), PACKAGE, str(server.port), server.token, *args],
        capture_output=True,
        text=True,
        timeout=600,
    )
    if done.returncode != 0:
        raise SystemExit(f"load client failed:\n{done.stdout}\n{done.stderr}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result
