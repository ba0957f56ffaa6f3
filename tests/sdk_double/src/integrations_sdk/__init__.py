"""Test double of the Ebbot Integrations SDK (CONTRACT.md section 1).

Nothing is importable from the package root, exactly like the real SDK: import from the
submodules (`integrations_sdk.server`, `integrations_sdk.component`, ...).
"""
