"""CONTRACT.md section 10: the dev-mode SQLite storage and its observed problems."""

import sqlite3
import uuid
from datetime import datetime
from pathlib import Path

import pytest
from fastapi import HTTPException
from fastapi.testclient import TestClient
from pydantic import ValidationError

from integrations_sdk.dev_server import DevServerWorkflowStorage
from integrations_sdk.workflow import Callback, NewSubscription

CALLBACK = Callback(type="http", method="post", url="https://engine.example/cb")


@pytest.fixture
def storage(workdir: Path) -> DevServerWorkflowStorage:
    """A dev storage writing ./dev.db in a fresh working directory."""
    return DevServerWorkflowStorage()


def columns(table: str) -> list[str]:
    with sqlite3.connect("dev.db") as db:
        return [row[1] for row in db.execute(f"PRAGMA table_info({table})")]


def test_tables_live_in_dev_db_in_the_working_directory(
    storage: DevServerWorkflowStorage, workdir: Path
) -> None:
    storage.get_subscriptions()
    assert (workdir / "dev.db").is_file()
    assert columns("connections") == [
        "id",
        "wfServerId",
        "secrets",
        "options",
        "createdAt",
        "updatedAt",
    ]
    assert columns("subscriptions") == ["id", "connectionId", "data", "createdAt", "updatedAt"]


def test_ids_are_uuid4_and_timestamps_naive_local_with_z(
    storage: DevServerWorkflowStorage,
) -> None:
    connection = storage.save_connection({"o": 1}, {"s": "v"})
    assert uuid.UUID(connection.id).version == 4
    assert connection.createdAt.endswith("Z")
    parsed = datetime.fromisoformat(connection.createdAt[:-1])
    assert parsed.tzinfo is None
    assert abs((datetime.now() - parsed).total_seconds()) < 60


def test_missing_rows_are_404_not_found(storage: DevServerWorkflowStorage) -> None:
    for lookup in (
        lambda: storage.get_connection("x"),
        lambda: storage.get_subscription("x"),
        lambda: storage.remove_subscription("c", "x"),
    ):
        with pytest.raises(HTTPException) as error:
            lookup()
        assert (error.value.status_code, error.value.detail) == (404, "not found")


def test_round_trip_and_listing(storage: DevServerWorkflowStorage) -> None:
    connection = storage.save_connection({"o": 1}, {"s": "v"})
    assert storage.get_connection(connection.id) == connection
    for name in ("a", "b", "a"):
        storage.save_subscription(connection.id, NewSubscription(callback=CALLBACK, name=name))
    assert storage.get_subscriptions(name="a").total == 2
    page = storage.get_connection_subscriptions(connection.id, limit=1, offset=1)
    assert (page.total, [s.name for s in page.data]) == (3, ["b"])
    assert storage.get_connection_subscriptions("other").total == 0


def test_subscription_create_does_not_check_the_connection(
    storage: DevServerWorkflowStorage,
) -> None:
    saved = storage.save_subscription(
        "no-such-connection", NewSubscription(callback=CALLBACK, name="n")
    )
    assert storage.get_subscription(saved.id).connectionId == "no-such-connection"


def test_delete_ignores_the_connection_id(storage: DevServerWorkflowStorage) -> None:
    saved = storage.save_subscription("owner", NewSubscription(callback=CALLBACK, name="n"))
    storage.remove_subscription("someone-else", saved.id)
    with pytest.raises(HTTPException):
        storage.get_subscription(saved.id)


def test_update_subscription_corrupts_the_row(storage: DevServerWorkflowStorage) -> None:
    saved = storage.save_subscription("c", NewSubscription(callback=CALLBACK, name="n"))
    saved.options = {"x": 1}
    assert storage.update_subscription(saved) is saved
    with sqlite3.connect("dev.db") as db:
        (data,) = db.execute("SELECT data FROM subscriptions").fetchone()
    assert data == '{"options": {"x": 1}, "secrets": null}'
    with pytest.raises(ValidationError):
        storage.get_subscription(saved.id)
    with pytest.raises(ValidationError):
        storage.get_subscriptions()
    assert storage.get_subscriptions(name="n").total == 0  # name filter skips the broken row


def test_after_an_on_created_hook_the_api_answers_500_until_dev_db_is_deleted(
    client: TestClient, connection_id: str, callback: dict[str, str], workdir: Path
) -> None:
    body = {"callback": callback, "data": {"options": {}, "secrets": {}}}
    created = client.post(f"/connections/{connection_id}/subscriptions/created_hook", json=body)
    sid = created.json()["id"]
    assert created.status_code == 201
    assert client.get(f"/connections/{connection_id}/subscriptions/{sid}").status_code == 500
    assert client.get(f"/connections/{connection_id}/subscriptions").status_code == 500
    assert client.get("/readiness").status_code == 500
    (workdir / "dev.db").unlink()
    assert client.get("/readiness").status_code == 200
