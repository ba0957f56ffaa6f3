"""Answers from outside and the ProjectSpec they make.

Answers given up front: `--data key=value` pairs, `--answers-file` (YAML or JSON), NAME; and
`build_spec`, which validates any answers (these, prompted or recorded ones) into a ProjectSpec.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, get_origin

import yaml
from pydantic import ValidationError

from scaffold import console
from scaffold.errors import AnswersError
from scaffold.spec import ANSWER_FIELDS, DERIVED_FIELDS, ProjectSpec, format_validation_error

# Keys copier writes into .copier-answers.yml; accepted (and ignored) so that a project's
# recorded answers can be reused as an answers file.
_COPIER_KEYS_PREFIX = "_"


def build_spec(answers: Mapping[str, Any]) -> ProjectSpec:
    """Validate answers; one line per problem, never echoing values."""
    try:
        return ProjectSpec.model_validate(dict(answers))
    except ValidationError as error:
        raise AnswersError(f"invalid answers: {format_validation_error(error)}") from None


def given_answers(
    name: str | None, data: Iterable[str], answers_file: Path | None
) -> dict[str, Any]:
    """Everything answered on the command line: the answers file, --data over it, then NAME.

    NAME and `--data project_name=...` must agree. NAME does replace an answers file's
    project name, since another project's recorded answers are a natural start for a new one.
    """
    given = load_answers_file(answers_file) if answers_file is not None else {}
    pairs = parse_data_pairs(data)
    given.update(pairs)
    if name is None:
        return given
    if "project_name" in pairs and pairs["project_name"] != name:
        raise AnswersError(
            f"two project names: {name!r} as NAME and {pairs['project_name']!r} in --data "
            "project_name; give it once"
        )
    if given.get("project_name", name) != name:
        console.info(f"note: NAME {name!r} replaces project_name from the answers file")
    given["project_name"] = name
    return given


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


def _is_list_answer(name: str) -> bool:
    field = ProjectSpec.model_fields.get(name)
    return field is not None and get_origin(field.annotation) is list


def _yaml_problem(error: yaml.YAMLError) -> str:
    """What is wrong and where (1-based line and column, as editors count)."""
    if isinstance(error, yaml.MarkedYAMLError):
        what = error.problem or error.context or "syntax error"
        mark = error.problem_mark or error.context_mark
        if mark is not None:
            return f"{what} (line {mark.line + 1}, column {mark.column + 1})"
        return what
    return str(error)


def parse_data_pairs(pairs: Iterable[str]) -> dict[str, Any]:
    """`key=value` pairs. List answers are YAML (`features=[docker, redis]`); every other
    answer is a string, taken exactly as typed (`description=Tickets: Zendesk` stays text).
    """
    answers: dict[str, Any] = {}
    for pair in pairs:
        key, separator, raw = pair.partition("=")
        key = key.strip()
        if not separator or not key:
            raise AnswersError(
                f"--data {pair!r}: expected key=value, e.g. --data upstream_name=Zendesk"
            )
        if not _is_list_answer(key):
            answers[key] = raw
            continue
        try:
            answers[key] = yaml.safe_load(raw)
        except yaml.YAMLError as error:
            raise AnswersError(
                f"--data {key}: not valid YAML: {_yaml_problem(error)}; "
                "`scaffold questions` shows the shape it takes"
            ) from None
    return _check_keys(answers, "--data")


def load_answers_file(path: Path) -> dict[str, Any]:
    """Answers from a YAML or JSON mapping."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise AnswersError(f"answers file {path} does not exist") from None
    except UnicodeDecodeError:
        raise AnswersError(f"answers file {path} is not UTF-8 text") from None
    except OSError as error:
        raise AnswersError(f"answers file {path} cannot be read: {error.strerror}") from None
    try:
        document = json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)
    except json.JSONDecodeError as error:
        raise AnswersError(
            f"answers file {path}: not valid JSON: {error.msg} "
            f"(line {error.lineno}, column {error.colno})"
        ) from None
    except yaml.YAMLError as error:
        raise AnswersError(f"answers file {path}: not valid YAML: {_yaml_problem(error)}") from None
    if document is None:
        document = {}
    if not isinstance(document, dict):
        raise AnswersError(f"answers file {path} must hold a mapping of answer names to values")
    return _check_keys(document, f"answers file {path}")
