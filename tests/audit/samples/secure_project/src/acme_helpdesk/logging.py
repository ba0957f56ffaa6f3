"""Handler-level redaction: registered secret values first, known token patterns second."""

from __future__ import annotations

import logging
import re

_PATTERNS = (
    re.compile(r"(?i)\b(Bearer|Basic)\s+\S+"),
    re.compile(r"whsec_[A-Za-z0-9+/=]+"),
    re.compile(r"(sk|rk)_(live|test)_[0-9a-zA-Z]{16,}"),
    re.compile(r"AKIA[0-9A-Z]{16}"),
    re.compile(r"xox[abposr]-[A-Za-z0-9-]+"),
    re.compile(r"gh[pousr]_[A-Za-z0-9_]{36}"),
)
_REGISTERED: set[str] = set()
MASK = "**********"


def register_secret(value: str) -> None:
    if value:
        _REGISTERED.add(value)


def redact(text: str) -> str:
    for value in _REGISTERED:
        text = text.replace(value, MASK)
    for pattern in _PATTERNS:
        text = pattern.sub(MASK, text)
    return text


class RedactingFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))
