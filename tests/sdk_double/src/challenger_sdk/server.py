"""Backward-compatible alias of `integrations_sdk.server` (CONTRACT.md section 1)."""

from integrations_sdk.server import *  # noqa: F403
from integrations_sdk.server import __all__ as __all__
