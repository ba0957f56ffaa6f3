"""Fixtures for the managed room's unit tests: the session's renders (managed_support.py) and
the isolation the managed modules' process-wide state needs (environment, logging, the
secret registry)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from managed_support import PROBE, Render, Renders
from signature_cases import Scheme, scheme_for


@pytest.fixture(scope="session")
def renders(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Renders]:
    made = Renders(tmp_path_factory.mktemp("managed-renders"))
    yield made
    made.close()


@pytest.fixture(scope="session")
def probe(renders: Renders) -> Render:
    """The default render (`managed-probe`, package `managed_probe`)."""
    return renders.get(PROBE)


@pytest.fixture(scope="session")
def scheme(request: pytest.FixtureRequest, renders: Renders) -> Scheme:
    """The scheme of one render, named by indirect parametrization:
    `@pytest.mark.parametrize("scheme", case_names(...), indirect=True)`."""
    return scheme_for(request.param, renders)


@pytest.fixture
def settings_environment(probe: Render, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No setting leaks in from the shell or a .env file: a test environment in an empty
    directory, as the generated project's own conftest gives its tests."""
    settings = probe.module("managed.settings").Settings
    monkeypatch.chdir(tmp_path)
    for name in settings.model_fields:
        monkeypatch.delenv(name.upper(), raising=False)
    monkeypatch.setenv("APP_ENV", "test")
    monkeypatch.setenv("DEV_MODE", "true")
    return tmp_path


@pytest.fixture
def restored_logging(probe: Render) -> Iterator[None]:
    """configure_logging replaces the root handler (and adopts the servers' loggers): put the
    logging of scaffold's own suite back afterwards."""
    names: list[str | None] = [None, *probe.module("managed.log").ADOPTED_LOGGERS]
    saved = {
        name: (list(logger.handlers), logger.level, logger.propagate)
        for name in names
        for logger in [logging.getLogger(name)]
    }
    yield
    for name, (handlers, level, propagate) in saved.items():
        logger = logging.getLogger(name)
        logger.handlers[:] = handlers
        logger.setLevel(level)
        logger.propagate = propagate
