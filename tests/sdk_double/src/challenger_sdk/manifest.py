"""Backward-compatible alias of `integrations_sdk.manifest` (CONTRACT.md section 1)."""

from integrations_sdk.manifest import *  # noqa: F403
from integrations_sdk.manifest import __all__ as __all__
