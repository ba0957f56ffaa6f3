# Managed by scaffold and kept current by `scaffold update`: configure it, do not edit it.
"""Logging setup: one root handler whose formatter redacts every record, whoever logs it.

Redaction sits on the HANDLER, not on a logger: filters on a logger do not run for records of
other loggers, while every record that propagates to the root (uvicorn, httpx,
integrations_sdk, this package) passes through the root handler's formatter. The formatter
renders the whole record first (message, traceback, stack) and then redacts the final string,
so secrets in exception messages and tracebacks are masked too. CR/LF are escaped so a value
cannot forge a new line. Production writes JSON lines; dev mode writes readable lines. Every
line carries the request id that the hardening layer sets for the request being served.
"""

from __future__ import annotations

import json
import logging
import sys
from contextvars import ContextVar
from datetime import UTC, datetime

from .redaction import escape_control, redact, register_secrets
from .settings import Settings

NO_REQUEST = "-"
MAX_LINE_CHARS = 16_000
# Servers that install their own handlers; their records are routed through the root instead.
ADOPTED_LOGGERS = ("uvicorn", "uvicorn.error", "uvicorn.access", "integrations_sdk", "httpx")

request_id: ContextVar[str] = ContextVar("request_id", default=NO_REQUEST)


class RedactingFormatter(logging.Formatter):
    """Render a record completely, then redact and escape the result."""

    def __init__(self, *, json_lines: bool) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s")
        self.json_lines = json_lines

    def format(self, record: logging.LogRecord) -> str:
        record.request_id = request_id.get()
        if self.json_lines:
            line = self._json(record)
        else:
            line = escape_control(redact(super().format(record)))
        return line[:MAX_LINE_CHARS]

    def _json(self, record: logging.LogRecord) -> str:
        message = record.getMessage()
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            message = f"{message}\n{record.exc_text}"
        if record.stack_info:
            message = f"{message}\n{self.formatStack(record.stack_info)}"
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "request_id": request_id.get(),
            "message": redact(message),
        }
        return escape_control(json.dumps(entry, ensure_ascii=True))


class _StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever `sys.stderr` is at emit time (test runners swap it)."""

    def emit(self, record: logging.LogRecord) -> None:
        self.stream = sys.stderr
        super().emit(record)


def configure_logging(settings: Settings) -> logging.Handler:
    """Install the redacting handler on the root logger (idempotent) and register the
    settings' secrets, so no line can ever contain the bearer token or the engine key."""
    register_secrets(
        [settings.auth_token_value, settings.engine_key, settings.replay_store_url], pinned=True
    )
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_redacting", False):
            root.removeHandler(handler)
    handler = _StderrHandler()
    handler._redacting = True  # type: ignore[attr-defined]
    handler.setFormatter(RedactingFormatter(json_lines=not settings.dev_mode))
    root.addHandler(handler)
    root.setLevel(settings.log_level)
    adopt_server_loggers()
    return handler


def adopt_server_loggers() -> None:
    """Route uvicorn's (and other libraries') records through the root's redacting handler.

    uvicorn installs its own handlers when it starts, so this also runs at ASGI lifespan
    startup (see hardening.context).
    """
    for name in ADOPTED_LOGGERS:
        logger = logging.getLogger(name)
        for handler in list(logger.handlers):
            logger.removeHandler(handler)
        logger.propagate = True
