"""Shared fixtures for scaffold's own suite (helpers live in scaffold_support.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture
def workdir(tmp_path: Path) -> Iterator[Path]:
    """An empty directory to run scaffold in."""
    directory = tmp_path / "work"
    directory.mkdir()
    yield directory
