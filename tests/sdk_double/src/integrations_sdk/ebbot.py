"""Ebbot conversation types handed to `@component` tools (CONTRACT.md sections 1 and 5).

The contract names these pydantic dataclasses but not their fields, so the double keeps them
lenient: an `id` where the platform has one and optional descriptive fields.
"""

from dataclasses import field
from typing import Any

from pydantic.dataclasses import dataclass

__all__ = ["Bot", "Chat", "Company", "Message", "User"]


@dataclass
class User:
    """The end user talking to the bot."""

    id: str
    name: str | None = None
    email: str | None = None


@dataclass
class Bot:
    """The bot handling the conversation."""

    id: str
    name: str | None = None


@dataclass
class Chat:
    """The conversation and its metadata."""

    id: str
    metadata: dict[str, Any] = field(default_factory=dict)


@dataclass
class Company:
    """The company (tenant) owning the bot."""

    id: str
    name: str | None = None


@dataclass
class Message:
    """One chat message."""

    text: str
    sender: str | None = None
