"""Backward-compatible `challenger_sdk.*` shims: each module re-exports `integrations_sdk.*`
(CONTRACT.md section 1). Like `integrations_sdk`, nothing is importable from the root.
"""
