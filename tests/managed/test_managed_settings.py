"""managed/settings.py: outside dev mode the server refuses configurations that would run it
open or leak keys. Moved here from each generated project's tests/test_settings.py (issue #13);
the projects keep the proof that their own entry points (`create_app()`, `serve`) apply it."""

from __future__ import annotations

import secrets
from pathlib import Path
from types import ModuleType

import pytest

from managed_support import Render

STRONG_TOKEN = secrets.token_urlsafe(32)
ENGINE_KEY = secrets.token_urlsafe(32)


@pytest.fixture
def settings(probe: Render, settings_environment: Path) -> ModuleType:
    return probe.module("managed.settings")


def production(**overrides: object) -> dict[str, object]:
    values: dict[str, object] = {
        "app_env": "production",
        "dev_mode": False,
        "auth_token": STRONG_TOKEN,
        "connection_server_url": "https://engine.ebbot.test",
        "connection_server_key": ENGINE_KEY,
    }
    values.update(overrides)
    return values


def test_complete_production_settings_are_accepted(settings: ModuleType) -> None:
    loaded = settings.load_settings(**production())
    assert loaded.dev_mode is False
    assert loaded.callback_host == "engine.ebbot.test"


def test_dev_mode_is_off_by_default(settings: ModuleType, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DEV_MODE", raising=False)
    values = production()
    del values["dev_mode"]
    assert settings.load_settings(**values).dev_mode is False


def test_a_random_key_with_a_run_of_xs_is_no_placeholder(settings: ModuleType) -> None:
    # token_urlsafe draws "xXxX" about once in 25,000 keys: such a key must still start.
    key = "Q3v-" + "xXxX" + secrets.token_hex(16)
    loaded = settings.load_settings(**production(connection_server_key=key))
    assert loaded.connection_server_key.get_secret_value() == key
    assert not settings.looks_like_placeholder(STRONG_TOKEN[:10] + "xxxx" + STRONG_TOKEN[10:])


@pytest.mark.parametrize(
    ("overrides", "variable"),
    [
        ({"auth_token": None}, "AUTH_TOKEN"),
        ({"auth_token": "abc123"}, "AUTH_TOKEN"),
        ({"auth_token": "change-me" * 5}, "AUTH_TOKEN"),
        ({"connection_server_url": None}, "CONNECTION_SERVER_URL"),
        ({"connection_server_url": "http://engine.ebbot.test"}, "CONNECTION_SERVER_URL"),
        ({"connection_server_key": None}, "CONNECTION_SERVER_KEY"),
        ({"connection_server_key": "change-me"}, "CONNECTION_SERVER_KEY"),
        ({"dev_mode": True}, "DEV_MODE"),
        ({"auth_token": ""}, "AUTH_TOKEN"),
        ({"auth_token": " " * 40}, "AUTH_TOKEN"),
        ({"connection_server_url": "ftp://engine.ebbot.test"}, "CONNECTION_SERVER_URL"),
        ({"connection_server_key": ""}, "CONNECTION_SERVER_KEY"),
        ({"connection_server_key": "<your key here>"}, "CONNECTION_SERVER_KEY"),
        ({"connection_server_key": "sk_live_xxxxxxxx"}, "CONNECTION_SERVER_KEY"),
        ({"connection_server_key": "XXXX-XXXX-XXXX"}, "CONNECTION_SERVER_KEY"),
        ({"auth_token": "x" * 40}, "AUTH_TOKEN"),
        ({"connection_server_key": STRONG_TOKEN}, "CONNECTION_SERVER_KEY"),
        ({"engine_callback_host": "https://engine.ebbot.test/x"}, "ENGINE_CALLBACK_HOST"),
    ],
)
def test_insecure_production_settings_are_refused_without_echoing_values(
    settings: ModuleType, overrides: dict[str, object], variable: str
) -> None:
    with pytest.raises(settings.InsecureSettingsError) as refused:
        settings.load_settings(**production(**overrides))
    message = str(refused.value)
    assert variable in message
    assert STRONG_TOKEN not in message and ENGINE_KEY not in message
    for value in overrides.values():
        if isinstance(value, str) and value:
            assert value not in message or value in variable


def test_the_environment_is_read_and_refused_like_arguments(
    settings: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("APP_ENV", "production")
    monkeypatch.setenv("DEV_MODE", "false")
    with pytest.raises(settings.InsecureSettingsError, match="AUTH_TOKEN"):
        settings.load_settings()


def test_dev_mode_is_accepted_outside_production_without_a_token(settings: ModuleType) -> None:
    loaded = settings.load_settings(app_env="development", dev_mode=True)
    assert loaded.dev_mode and loaded.auth_token_value is None


def test_dev_mode_engine_key_is_random_per_process_not_a_shared_default(
    settings: ModuleType,
) -> None:
    loaded = settings.load_settings(app_env="development", dev_mode=True)
    assert len(loaded.engine_key) >= 32
    assert loaded.engine_key not in {"", "dev", "changeme"}


def test_an_explicit_engine_callback_host_is_used_for_callbacks(settings: ModuleType) -> None:
    loaded = settings.load_settings(**production(engine_callback_host="Hooks.Ebbot.Test"))
    assert loaded.callback_host == "hooks.ebbot.test"
