"""Backward-compatible alias of `integrations_sdk.cli` (CONTRACT.md section 1)."""

from integrations_sdk.cli import *  # noqa: F403
from integrations_sdk.cli import __all__ as __all__
