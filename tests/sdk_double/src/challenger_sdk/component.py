"""Backward-compatible alias of `integrations_sdk.component` (CONTRACT.md section 1)."""

from integrations_sdk.component import *  # noqa: F403
from integrations_sdk.component import __all__ as __all__
