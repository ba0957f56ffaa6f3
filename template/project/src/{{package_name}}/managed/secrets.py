# Managed by scaffold and kept current by `scaffold update`: configure it, do not edit it.
"""The one base of every model that holds secrets (connection and subscription secrets)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, SecretStr, SerializationInfo, field_serializer


class StoredSecrets(BaseModel):
    """`SecretStr` fields that storage receives in full and nothing else can print.

    The SDK persists and merges `model_dump()` (python mode), so storage must get the real
    values; JSON output, `repr()` and `str()` stay masked.
    """

    @field_serializer("*", when_used="unless-none")
    def _reveal_only_to_storage(self, value: Any, info: SerializationInfo) -> Any:
        if isinstance(value, SecretStr) and info.mode == "python":
            return value.get_secret_value()
        return value
