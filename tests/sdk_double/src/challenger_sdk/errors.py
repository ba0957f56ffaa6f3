"""Backward-compatible alias of `integrations_sdk.errors` (CONTRACT.md section 1)."""

from integrations_sdk.errors import *  # noqa: F403
from integrations_sdk.errors import __all__ as __all__
