"""`scaffold set KEY=VALUE ...`: change recorded answers in place, e.g. where the SDK comes from.

The change is an `Edit` like `scaffold add`'s: the update engine re-renders the template with the
new answers and merges the result with the user's edits, so every other answer and every edit
stays as it is. A value that reads as a YAML list (`features=[docker, redis]`) is that list;
any other value is the text exactly as typed (so `description=Sync: tickets` stays text).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import yaml

from scaffold.answers import build_spec
from scaffold.errors import AnswersError, UsageError
from scaffold.evolve import Edit
from scaffold.spec import ANSWER_FIELDS, DERIVED_FIELDS, ProjectSpec

EXAMPLE = "scaffold set 'sdk_requirement=integrations_sdk @ file:///path/to/integrations_sdk'"
# Answers `set` cannot change: what they would move is not a merge.
_FIXED = {
    "project_name": "it names the package and its directories; generate a new project instead",
    "answers_schema_version": "scaffold keeps it; `scaffold update` migrates older answers",
}


def _check_key(key: str) -> None:
    if key in _FIXED:
        raise AnswersError(f"{key} cannot be set: {_FIXED[key]}")
    if key in DERIVED_FIELDS:
        raise AnswersError(f"{key} is derived from project_name and cannot be set")
    if key not in ANSWER_FIELDS:
        raise AnswersError(f"unknown answer {key!r}; `scaffold questions` lists the valid names")


def parse_assignments(pairs: Sequence[str]) -> dict[str, Any]:
    """`KEY=VALUE` pairs as answers; every key must be an answer `set` may change."""
    if not pairs:
        raise UsageError(f"say which answer to change, e.g. {EXAMPLE}")
    changes: dict[str, Any] = {}
    for pair in pairs:
        key, separator, raw = pair.partition("=")
        key = key.strip()
        if not separator or not key:
            raise AnswersError(f"expected KEY=VALUE, not {pair!r}, e.g. {EXAMPLE}")
        _check_key(key)
        if key in changes:
            raise AnswersError(f"{key} is given twice; give each answer once")
        changes[key] = _value(raw)
    return changes


def _value(raw: str) -> Any:
    # The list answers (features, resources, events) are YAML; every other answer is text.
    try:
        value = yaml.safe_load(raw)
    except yaml.YAMLError:
        return raw
    return value if isinstance(value, list) else raw


def set_answers(changes: Mapping[str, Any]) -> Edit:
    """The edit that gives the answers in `changes` their new values and keeps the rest."""

    def apply(spec: ProjectSpec) -> ProjectSpec:
        current = spec.model_dump(mode="json", exclude=set(DERIVED_FIELDS))
        return build_spec({**current, **changes})

    return Edit(f"change of {', '.join(changes)}", apply)
