"""The rule catalogue: every rule `scaffold check` knows, and the checks that find them.

Ids are `SCF` + a family digit + a number and never change meaning:
0xx the audit itself, 1xx secrets, 2xx server configuration, 3xx triggers and webhooks,
4xx outbound HTTP, 5xx action surface. Each family lives in its own module, which declares
its `RULES` and its `CHECKS`; adding a family means adding it to `_FAMILIES` below.
"""

from __future__ import annotations

from types import ModuleType

from scaffold.audit.model import Rule
from scaffold.audit.rules import (
    actions,
    comparisons,
    connection_models,
    credentials,
    meta,
    outbound_http,
    secret_exposure,
    server_config,
    webhooks,
)
from scaffold.audit.rules.base import Check

_FAMILIES: tuple[ModuleType, ...] = (
    connection_models,
    credentials,
    secret_exposure,
    server_config,
    webhooks,
    comparisons,
    outbound_http,
    actions,
)

RULES: tuple[Rule, ...] = tuple(
    sorted(
        (*meta.RULES, *(rule for family in _FAMILIES for rule in family.RULES)),
        key=lambda rule: rule.id,
    )
)

CHECKS: tuple[Check, ...] = tuple(check for family in _FAMILIES for check in family.CHECKS)

_BY_KEY = {key: rule for rule in RULES for key in (rule.id.upper(), rule.name.lower())}


def rule_for(key: str) -> Rule | None:
    """The rule with this id (`SCF101`) or name (`options-secret-field`), case-insensitive."""
    return _BY_KEY.get(key.upper()) or _BY_KEY.get(key.lower())


__all__ = ["CHECKS", "RULES", "Check", "rule_for"]
