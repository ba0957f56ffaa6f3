"""Turning validated request models into plain JSON data for storage.

The contract does not say how the real SDK stores `SecretStr` fields; the double stores their
real values (storage needs them to hand secrets to actions), so `SecretStr` in a Secrets model
works end to end.
"""

from typing import Any

from pydantic import BaseModel, SecretBytes, SecretStr
from pydantic_core import to_jsonable_python

__all__ = ["plain_data"]


def _reveal(value: Any) -> Any:
    if isinstance(value, SecretStr | SecretBytes):
        return value.get_secret_value()
    if isinstance(value, dict):
        return {key: _reveal(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_reveal(item) for item in value]
    return value


def plain_data(value: BaseModel | dict[str, Any]) -> dict[str, Any]:
    """`model_dump()` with undeclared fields dropped and secret values revealed, as JSON data."""
    data = value.model_dump() if isinstance(value, BaseModel) else value
    plain: dict[str, Any] = to_jsonable_python(_reveal(data))
    return plain
