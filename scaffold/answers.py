"""Answers given up front: `--data key=value` pairs and `--answers-file` (YAML or JSON)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

from scaffold.errors import AnswersError
from scaffold.spec import ANSWER_FIELDS, DERIVED_FIELDS

# Keys copier writes into .copier-answers.yml; accepted (and ignored) so that a project's
# recorded answers can be reused as an answers file.
_COPIER_KEYS_PREFIX = "_"


def _check_keys(answers: dict[str, Any], origin: str) -> dict[str, Any]:
    unknown = sorted(
        key
        for key in answers
        if key not in ANSWER_FIELDS
        and key not in DERIVED_FIELDS
        and not key.startswith(_COPIER_KEYS_PREFIX)
    )
    if unknown:
        raise AnswersError(
            f"{origin}: unknown answer(s) {', '.join(unknown)}; "
            "`scaffold questions` lists the valid names"
        )
    return {key: value for key, value in answers.items() if key in ANSWER_FIELDS}


def parse_data_pairs(pairs: Iterable[str]) -> dict[str, Any]:
    """`key=value` pairs; values are read as YAML so lists and numbers work."""
    answers: dict[str, Any] = {}
    for pair in pairs:
        key, separator, raw = pair.partition("=")
        if not separator or not key.strip():
            raise AnswersError(
                f"--data {pair!r}: expected key=value, e.g. --data upstream_name=Zendesk"
            )
        try:
            value = yaml.safe_load(raw) if raw.strip() else ""
        except yaml.YAMLError:
            value = raw
        if isinstance(value, (int, float, bool)) or value is None:
            value = raw  # scalar answers are strings; keep exactly what was typed
        answers[key.strip()] = value
    return _check_keys(answers, "--data")


def load_answers_file(path: Path) -> dict[str, Any]:
    """Answers from a YAML or JSON mapping."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise AnswersError(f"answers file {path} does not exist") from None
    except OSError as error:
        raise AnswersError(f"answers file {path} cannot be read: {error.strerror}") from None
    try:
        document = json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)
    except (ValueError, yaml.YAMLError):
        raise AnswersError(f"answers file {path} is not valid YAML or JSON") from None
    if document is None:
        document = {}
    if not isinstance(document, dict):
        raise AnswersError(f"answers file {path} must hold a mapping of answer names to values")
    return _check_keys(document, f"answers file {path}")
