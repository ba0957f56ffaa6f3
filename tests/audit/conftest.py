"""Fixtures for the `scaffold check` tests.

The corpus and sample projects are data: pytest must never collect or import them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

collect_ignore_glob = ["corpus/*", "samples/*"]


@pytest.fixture
def project(tmp_path: Path) -> Callable[[dict[str, str]], Path]:
    """Write a small project from {relative path: source} and return its directory."""

    def write(files: dict[str, str]) -> Path:
        root = tmp_path / "project"
        for relative, text in files.items():
            path = root / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        return root

    return write
