"""Backward-compatible alias of `integrations_sdk.triggers` (CONTRACT.md section 1)."""

from integrations_sdk.triggers import *  # noqa: F403
from integrations_sdk.triggers import __all__ as __all__
