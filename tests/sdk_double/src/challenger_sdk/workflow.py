"""Backward-compatible alias of `integrations_sdk.workflow` (CONTRACT.md section 1)."""

from integrations_sdk.workflow import *  # noqa: F403
from integrations_sdk.workflow import __all__ as __all__
