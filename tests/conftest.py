"""Shared fixtures for scaffold's own suite (helpers live in scaffold_support.py)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture(autouse=True, scope="session")
def isolated_template_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Keep the versioned template cache out of the user's home (subprocesses inherit it)."""
    cache = tmp_path_factory.mktemp("scaffold-cache")
    previous = os.environ.get("SCAFFOLD_CACHE_DIR")
    os.environ["SCAFFOLD_CACHE_DIR"] = str(cache)
    yield cache
    if previous is None:
        os.environ.pop("SCAFFOLD_CACHE_DIR", None)
    else:
        os.environ["SCAFFOLD_CACHE_DIR"] = previous


@pytest.fixture
def workdir(tmp_path: Path) -> Iterator[Path]:
    """An empty directory to run scaffold in."""
    directory = tmp_path / "work"
    directory.mkdir()
    yield directory
