"""Backward-compatible alias of `integrations_sdk.connection` (CONTRACT.md section 1)."""

from integrations_sdk.connection import *  # noqa: F403
from integrations_sdk.connection import __all__ as __all__
