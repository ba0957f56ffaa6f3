"""`template/copier.yml`, generated from ProjectSpec so plain `copier copy` asks its questions.

copier's own settings are a fixed header; every question after it (type, help, default,
choices, condition, validator) and every derived name comes from `ProjectSpec` and `QUESTIONS`
in scaffold/spec.py. Regenerate with `python -m scaffold.copier_questions > template/copier.yml`;
tests/test_spec_copier_sync.py fails when the committed file is stale.
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Iterator, Sequence
from typing import Annotated, Any, get_args, get_origin, get_type_hints

import yaml
from pydantic import BaseModel

from scaffold.naming import MAX_NAME_LENGTH
from scaffold.schema import answers_schema
from scaffold.spec import DERIVED_FIELDS, QUESTIONS, ProjectSpec, Question, Rule

COMMAND = "python -m scaffold.copier_questions > template/copier.yml"

# copier's settings, kept exactly as they were when the file was written by hand.
HEADER = f"""\
# copier template for Ebbot workflow servers. Generated from scaffold/spec.py (ProjectSpec)
# by `{COMMAND}`: do not edit.
# `scaffold new` drives the same questions, so plain `copier copy` works too; unlike scaffold,
# copier does not apply a preset's suggestions: give those answers with --data.
# tests/test_spec_copier_sync.py fails when this file is stale.
# No _tasks, no _jinja_extensions, no _migrations: the template never needs --trust.
_min_copier_version: "9.5.0"
_subdirectory: project
_templates_suffix: .jinja
_answers_file: .copier-answers.yml
_exclude:
  - "__pycache__"
  - "*.pyc"
  # Actions from an OpenAPI description have their own tests (tests/test_openapi_actions.py).
  - "{{% if openapi_actions %}}tests/test_actions.py{{% endif %}}"
"""

# What plain copier can check of a project name: it cannot normalise one the way
# scaffold/naming.py does ("My Project" -> my-project), so it takes only the normal form.
PROJECT_NAME_RULE = Rule(
    r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$",
    "use lowercase letters and digits in words joined by single '-', starting with a letter, "
    f"at most {MAX_NAME_LENGTH} characters (e.g. acme-tickets)",
    max_length=MAX_NAME_LENGTH,
    strip=False,
)

# The derived names in copier's Jinja; scaffold computes them in ProjectSpec (scaffold/naming.py)
# and tests/test_spec_copier_sync.py renders these to prove they agree.
DERIVED_JINJA: dict[str, str] = {
    "has_webhooks": "{{ webhook_preset != 'none' }}",
    "project_slug": "{{ project_name }}",
    "package_name": "{{ project_name | replace('-', '_') }}",
    "project_title": (
        "{% for word in project_name.split('-') %}{{ word | capitalize }}"
        "{{ ' ' if not loop.last }}{% endfor %}"
    ),
}

_COPIER_TYPES = {
    "string": "str",
    "integer": "int",
    "boolean": "bool",
    "array": "yaml",
    "object": "yaml",
}
_PYTHON_TYPES = {str: "str", int: "int", bool: "bool"}
_INDENT = "  "
_WIDTH = 100


def copier_yml() -> str:
    """The whole of `template/copier.yml`."""
    # The schema `scaffold questions --json` prints: descriptions, defaults (for answers a preset
    # suggests, the default preset's) and a note on each of those.
    properties = answers_schema()["properties"]
    sections = [HEADER]
    for question in QUESTIONS:
        lines = _question(question, properties[question.name])
        sections.append("\n".join(lines) + "\n")
    sections.append(
        "# Derived names: never asked, never recorded; scaffold computes the same in ProjectSpec.\n"
    )
    for name in DERIVED_FIELDS:
        sections.append("\n".join(_derived(name)) + "\n")
    return "\n".join(sections)


def _question(question: Question, schema: dict[str, Any]) -> list[str]:
    name = question.name
    copier_type = _COPIER_TYPES[schema["type"]]
    multiselect = copier_type == "yaml" and bool(question.choices)
    notes = [schema.get("description", ""), schema.get("$comment", "")]
    lines = [*_comment(" ".join(note for note in notes if note)), f"{name}:"]
    lines.append(f"{_INDENT}type: {'str' if multiselect else copier_type}")
    help_text = question.message
    if copier_type == "yaml" and not multiselect:
        # The prompt's hint says how scaffold's questionnaire takes it; copier takes YAML.
        help_text = f"{question.text} (YAML: {_shape(name)})"
    lines.append(f"{_INDENT}help: {_scalar(help_text)}")
    if multiselect:
        lines.append(f"{_INDENT}multiselect: true")
    if "default" in schema:
        lines.extend(_entry("default", schema["default"]))
    if question.choices:
        lines.extend(_choices(question))
    if question.condition is not None:
        lines.append(f"{_INDENT}when: {_scalar(_jinja_condition(question.condition))}")
    rule = PROJECT_NAME_RULE if name == "project_name" else _rule(name)
    if rule is not None:
        lines.extend(_validator(name, rule))
    return lines


def _derived(name: str) -> list[str]:
    computed = ProjectSpec.model_computed_fields[name]
    return [
        *_comment(computed.description or ""),
        f"{name}:",
        f"{_INDENT}type: {_PYTHON_TYPES[computed.return_type]}",
        f"{_INDENT}default: {_scalar(DERIVED_JINJA[name])}",
        f"{_INDENT}when: false",
    ]


def _comment(text: str) -> list[str]:
    return [f"# {line}" for line in textwrap.wrap(text, _WIDTH - 2)]


def _shape(name: str) -> str:
    """'a list of {name, verbs}' or 'a list of strings': what a YAML answer holds."""
    annotation = ProjectSpec.model_fields[name].annotation
    if get_origin(annotation) is dict:
        return "a mapping of operation to a list of fields"
    item = get_args(annotation)[0]
    if isinstance(item, type) and issubclass(item, BaseModel):
        return f"a list of {{{', '.join(item.model_fields)}}}"
    if get_origin(item) is dict:
        return "a list of mappings"
    return "a list of strings"


def _jinja_condition(condition: tuple[str, bool, str]) -> str:
    answer, negated, value = condition
    return f"{{{{ {answer} {'!=' if negated else '=='} {_jinja_string(value)} }}}}"


def _choices(question: Question) -> list[str]:
    # With labels, copier shows the same words scaffold's prompt does and records the value.
    if question.labels:
        return _entry("choices", {question.labels[value]: value for value in question.choices})
    return _entry("choices", list(question.choices))


def _rule(name: str) -> Rule | None:
    """The format rule of a text answer, if its type carries one (see spec.Rule)."""
    hint = get_type_hints(ProjectSpec, include_extras=True)[name]
    if get_origin(hint) is not Annotated:
        return None
    return next((meta for meta in get_args(hint)[1:] if isinstance(meta, Rule)), None)


def _validator(name: str, rule: Rule) -> list[str]:
    """copier's validator for `rule`: it renders the rule's words when the answer breaks it.

    The filter `regex_search` is from jinja2-ansible-filters, which copier always loads.
    """
    if "{" in rule.words or "}" in rule.words:
        raise ValueError(f"{name}: the rule's words would be read as Jinja")
    value = f"{name} | trim" if rule.strip else name
    # pydantic's `$` ends the string; Python's `re` (which the filter uses) also matches `$`
    # before a final newline, so the pattern ends in `\Z` here.
    pattern = rule.pattern.removesuffix("$") + r"\Z" if rule.pattern.endswith("$") else rule.pattern
    broken = [f"{value} | regex_search({_jinja_string(pattern)}) is none"]
    if rule.min_length is not None:
        broken.append(f"{value} | length < {rule.min_length}")
    if rule.max_length is not None:
        broken.append(f"{value} | length > {rule.max_length}")
    condition = f"\n{_INDENT * 2}   or ".join(broken)
    return [
        f"{_INDENT}validator: >-",
        f"{_INDENT * 2}{{% if {condition} %}}",
        f"{_INDENT * 2}{rule.words}",
        f"{_INDENT * 2}{{% endif %}}",
    ]


def _jinja_string(text: str) -> str:
    """A Jinja string literal; Jinja reads backslash escapes in one, so they are doubled."""
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _entry(key: str, value: Any, depth: int = 1) -> list[str]:
    """`key: value` at `depth`, in the block or flow style that reads best."""
    indent = _INDENT * depth
    if isinstance(value, dict):
        if not value:
            return [f"{indent}{key}: {{}}"]
        return [f"{indent}{key}:", *_mapping(value, depth + 1)]
    if isinstance(value, list):
        flow = _flow(value)
        if flow is not None and len(indent) + len(key) + 2 + len(flow) <= _WIDTH:
            return [f"{indent}{key}: {flow}"]
        return [f"{indent}{key}:", *_sequence(value, depth + 1)]
    return [f"{indent}{key}: {_scalar(value)}"]


def _mapping(mapping: dict[str, Any], depth: int) -> list[str]:
    lines: list[str] = []
    for key, value in mapping.items():
        lines.extend(_entry(_scalar(key, as_key=True), value, depth))
    return lines


def _sequence(items: Sequence[Any], depth: int) -> Iterator[str]:
    indent = _INDENT * depth
    for item in items:
        if isinstance(item, dict):
            first, *rest = _mapping(item, depth + 1)
            yield f"{indent}- {first.lstrip()}"
            yield from rest
        else:
            yield f"{indent}- {_scalar(item)}"


def _flow(items: Sequence[Any]) -> str | None:
    """`[a, b]` for a list of plain scalars, None when a flow list would not read back as it."""
    if any(isinstance(item, dict | list) for item in items):
        return None
    flow = "[" + ", ".join(_scalar(item) for item in items) + "]"
    return flow if yaml.safe_load(flow) == list(items) else None


def _scalar(value: Any, *, as_key: bool = False) -> str:
    """A YAML scalar: plain where it reads back as exactly `value`, else double-quoted."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    text = str(value)
    document = f"{text}: 0" if as_key else f"key: {text}"
    expected = {text: 0} if as_key else {"key": text}
    try:
        plain = bool(text) and "\n" not in text and yaml.safe_load(document) == expected
    except yaml.YAMLError:
        plain = False
    return text if plain else json.dumps(text, ensure_ascii=False)


if __name__ == "__main__":
    print(copier_yml(), end="")
