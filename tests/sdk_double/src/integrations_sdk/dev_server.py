"""Dev-mode storage: SQLite `./dev.db` in the CURRENT WORKING DIRECTORY (CONTRACT.md section 10).

Each call opens a new connection and creates the tables if needed. The real SDK's dev-mode
flaws are reproduced on purpose (deliberate: CONTRACT §13.9):
- secrets are stored in plaintext;
- creating a subscription does not check that the connection exists;
- delete ignores the connection id, so a subscription can be deleted through another one;
- `update_subscription` overwrites the row's data with only options and secrets, so the row
  loses `name` and `callback` and every later read of it (GET, list, `/readiness`) fails.
"""

import json
import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import closing, contextmanager
from datetime import datetime
from typing import Any

from fastapi import HTTPException

from integrations_sdk.workflow import (
    Connection,
    NewSubscription,
    Subscription,
    SubscriptionResult,
)

__all__ = ["DB_FILE", "DevServerWorkflowStorage"]

DB_FILE = "dev.db"

_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS connections ("
    "id TEXT PRIMARY KEY, wfServerId TEXT, secrets TEXT, options TEXT, "
    "createdAt TEXT, updatedAt TEXT)",
    "CREATE TABLE IF NOT EXISTS subscriptions ("
    "id TEXT PRIMARY KEY, connectionId TEXT, data TEXT, createdAt TEXT, updatedAt TEXT)",
)


def _now() -> str:
    """Naive local time with a literal "Z" appended, like the real dev storage."""
    return datetime.now().isoformat() + "Z"  # deliberate: CONTRACT §10, naive time + "Z"


def _row_to_subscription(row: sqlite3.Row) -> Subscription:
    """Parse a row; a row corrupted by `update_subscription` raises `ValidationError`."""
    return Subscription(id=row["id"], connectionId=row["connectionId"], **json.loads(row["data"]))


class DevServerWorkflowStorage:
    """`WorkflowStorage` on a local SQLite file (relative path, resolved per call)."""

    @contextmanager
    def _db(self) -> Iterator[sqlite3.Connection]:
        with closing(sqlite3.connect(DB_FILE)) as db:
            db.row_factory = sqlite3.Row
            for statement in _SCHEMA:
                db.execute(statement)
            with db:
                yield db

    def save_connection(self, options: dict[str, Any], secrets: dict[str, Any]) -> Connection:
        """Insert a connection; secrets go to disk in plaintext (deliberate: CONTRACT §13.9)."""
        now = _now()
        connection = Connection(
            id=str(uuid.uuid4()),
            wfServerId=str(uuid.uuid4()),
            secrets=secrets,
            options=options,
            createdAt=now,
            updatedAt=now,
        )
        with self._db() as db:
            db.execute(
                "INSERT INTO connections VALUES (?, ?, ?, ?, ?, ?)",
                (
                    connection.id,
                    connection.wfServerId,
                    json.dumps(secrets),
                    json.dumps(options),
                    now,
                    now,
                ),
            )
        return connection

    def get_connection(self, connection_id: str) -> Connection:
        """Return a connection or raise `HTTPException(404, "not found")`."""
        with self._db() as db:
            row = db.execute("SELECT * FROM connections WHERE id = ?", (connection_id,)).fetchone()
        if row is None:
            raise HTTPException(status_code=404, detail="not found")
        return Connection(
            id=row["id"],
            wfServerId=row["wfServerId"],
            secrets=json.loads(row["secrets"]),
            options=json.loads(row["options"]),
            createdAt=row["createdAt"],
            updatedAt=row["updatedAt"],
        )

    def save_subscription(self, connection_id: str, subscription: NewSubscription) -> Subscription:
        """Insert a subscription without checking the connection (deliberate: CONTRACT §13.9)."""
        now = _now()
        saved = Subscription(
            id=str(uuid.uuid4()), connectionId=connection_id, **subscription.model_dump()
        )
        with self._db() as db:
            db.execute(
                "INSERT INTO subscriptions VALUES (?, ?, ?, ?, ?)",
                (saved.id, connection_id, json.dumps(subscription.model_dump()), now, now),
            )
        return saved

    def get_subscription(self, subscription_id: str) -> Subscription:
        """Return a subscription by id or raise `HTTPException(404, "not found")`."""
        with self._db() as db:
            row = db.execute(
                "SELECT * FROM subscriptions WHERE id = ?", (subscription_id,)
            ).fetchone()
        if row is None:
            raise HTTPException(status_code=404, detail="not found")
        return _row_to_subscription(row)

    def remove_subscription(self, connection_id: str, subscription_id: str) -> None:
        """Delete by subscription id only; `connection_id` is ignored (deliberate: §13.9)."""
        with self._db() as db:
            deleted = db.execute(
                "DELETE FROM subscriptions WHERE id = ?", (subscription_id,)
            ).rowcount
        if not deleted:
            raise HTTPException(status_code=404, detail="not found")

    def update_subscription(self, subscription: Subscription) -> Subscription:
        """Overwrite the row's data with options and secrets only.

        deliberate: CONTRACT §13.9 - the row loses `name` and `callback`, so every later read
        of it fails until dev.db is deleted. The argument is returned unchanged.
        """
        data = {"options": subscription.options, "secrets": subscription.secrets}
        with self._db() as db:
            db.execute(
                "UPDATE subscriptions SET data = ?, updatedAt = ? WHERE id = ?",
                (json.dumps(data), _now(), subscription.id),
            )
        return subscription

    def _page(
        self, query: str, args: tuple[str, ...], limit: int, offset: int, name: str | None
    ) -> SubscriptionResult:
        with self._db() as db:
            rows = db.execute(query, args).fetchall()
        if name is not None:
            # Filtered on the raw JSON: a row corrupted by update_subscription has no name, so
            # it is skipped here, while an unfiltered listing parses it and fails.
            rows = [row for row in rows if json.loads(row["data"]).get("name") == name]
        page = [_row_to_subscription(row) for row in rows[offset : offset + limit]]
        return SubscriptionResult(total=len(rows), data=page)

    def get_subscriptions(
        self, limit: int = 1000, offset: int = 0, name: str | None = None
    ) -> SubscriptionResult:
        """Return one page of all subscriptions, optionally only those named `name`."""
        query = "SELECT * FROM subscriptions ORDER BY rowid"
        return self._page(query, (), limit, offset, name)

    def get_connection_subscriptions(
        self, connection_id: str, limit: int = 1000, offset: int = 0, name: str | None = None
    ) -> SubscriptionResult:
        """Return one page of a connection's subscriptions."""
        query = "SELECT * FROM subscriptions WHERE connectionId = ? ORDER BY rowid"
        return self._page(query, (connection_id,), limit, offset, name)
