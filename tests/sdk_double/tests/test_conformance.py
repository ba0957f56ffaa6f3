"""Conformance: the real SDK's recorded answers to 52 probes, reproduced key by key.

`conformance/` holds the probe program, its fixture server and `real-observations.json` (what
the real `integrations_sdk` answered, CONTRACT.md). The probe runs in a subprocess with the
current interpreter against whichever `integrations_sdk` is installed (the double), and every
probe key is its own test, so a drift names the probe.
"""

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

CONFORMANCE = Path(__file__).parent / "conformance"
REAL = json.loads((CONFORMANCE / "real-observations.json").read_text())


@pytest.fixture(scope="module")
def double_observations(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Run probe.py once and parse its JSON output."""
    completed = subprocess.run(
        [sys.executable, str(CONFORMANCE / "probe.py")],
        cwd=tmp_path_factory.mktemp("probe"),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    observations: dict[str, Any] = json.loads(completed.stdout)
    return observations


def test_probe_reports_exactly_the_recorded_keys(double_observations: dict[str, Any]) -> None:
    assert len(REAL) == 52
    assert sorted(double_observations) == sorted(REAL)


@pytest.mark.parametrize("key", sorted(REAL))
def test_double_matches_real_sdk(key: str, double_observations: dict[str, Any]) -> None:
    assert double_observations.get(key) == REAL[key]
