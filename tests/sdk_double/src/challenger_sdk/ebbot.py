"""Backward-compatible alias of `integrations_sdk.ebbot` (CONTRACT.md section 1)."""

from integrations_sdk.ebbot import *  # noqa: F403
from integrations_sdk.ebbot import __all__ as __all__
