"""`scaffold questions`: defaults, types and choices, as text and as standard JSON Schema."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal, get_args, get_origin

import pytest
from jsonschema import Draft202012Validator

from scaffold.presets import WEBHOOK_PRESETS
from scaffold.schema import answers_schema, describe_answers
from scaffold.spec import ProjectSpec, Resource

from scaffold_support import run_scaffold


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    return answers_schema()


def walk(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from walk(value)


def test_cli_json_is_a_draft_2020_12_schema_with_a_preset_enum(workdir: Path) -> None:
    run = run_scaffold("questions", "--json", cwd=workdir)
    assert run.code == 0, run.stderr
    printed = json.loads(run.stdout)
    Draft202012Validator.check_schema(printed)
    assert printed["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert printed["properties"]["webhook_preset"]["enum"] == list(WEBHOOK_PRESETS)


def test_no_custom_choices_keyword_is_left(schema: dict[str, Any]) -> None:
    assert not [node for node in walk(schema) if "choices" in node]


def _closed_choices(annotation: Any) -> tuple[str, list[str]] | None:
    """('enum' or 'items', values) for a Literal or a list of a Literal."""
    if get_origin(annotation) is Literal:
        return "enum", list(get_args(annotation))
    if get_origin(annotation) is list and get_origin(get_args(annotation)[0]) is Literal:
        return "items", list(get_args(get_args(annotation)[0]))
    return None


def test_every_closed_choice_is_a_standard_enum(schema: dict[str, Any]) -> None:
    checked = []
    for model, properties in (
        (ProjectSpec, schema["properties"]),
        (Resource, schema["$defs"]["Resource"]["properties"]),
    ):
        for name, field in model.model_fields.items():
            closed = _closed_choices(field.annotation)
            if closed is None:
                continue
            where, values = closed
            node = properties[name] if where == "enum" else properties[name]["items"]
            assert node["enum"] == values, name
            checked.append(name)
    assert {"api_auth", "hmac_encoding", "hmac_signed_content", "features", "verbs"} <= set(checked)


def test_every_optional_answer_has_a_default_that_the_schema_and_spec_accept(
    schema: dict[str, Any],
) -> None:
    properties = schema["properties"]
    assert schema["required"] == ["project_name"]
    defaults = {
        name: answer["default"] for name, answer in properties.items() if "default" in answer
    }
    assert set(defaults) == set(properties) - {"project_name"}
    answers = {"project_name": "acme", **defaults}
    Draft202012Validator(schema).validate(answers)
    spec = ProjectSpec.model_validate(answers)
    assert spec.model_dump(mode="json", round_trip=True) == answers


def test_each_presets_answers_fit_the_schema(schema: dict[str, Any]) -> None:
    validator = Draft202012Validator(schema)
    for preset in WEBHOOK_PRESETS:
        spec = ProjectSpec.model_validate({"project_name": "acme", "webhook_preset": preset})
        validator.validate(spec.model_dump(mode="json", round_trip=True))


def test_preset_suggested_defaults_say_so(schema: dict[str, Any]) -> None:
    commented = {name for name, answer in schema["properties"].items() if "$comment" in answer}
    assert {"upstream_name", "api_base_url", "api_auth", "events"} <= commented
    assert "description" not in commented and "webhook_preset" not in commented


def test_text_shows_type_default_choices_and_condition_of_each_answer(
    workdir: Path, schema: dict[str, Any]
) -> None:
    run = run_scaffold("questions", cwd=workdir)
    assert run.code == 0, run.stderr
    lines = run.stdout.splitlines()
    assert lines == describe_answers(schema)
    headings = [line for line in lines if not line.startswith(" ")]
    assert [heading.partition(" ")[0] for heading in headings] == list(schema["properties"])
    assert "project_name (string; required)" in lines
    assert 'webhook_preset (string; default: "standard-webhooks")' in lines
    assert (
        'features (list of strings; default: ["docker", "github-ci", "pre-commit", "redis"])'
        in lines
    )
    assert (
        "resources (list of {name, verbs}; "
        'default: [{"name": "ticket", "verbs": ["get", "create"]}])' in lines
    )

    def block(name: str) -> list[str]:
        start = next(i for i, line in enumerate(lines) if line.startswith(f"{name} ("))
        end = next((i for i in range(start + 1, len(lines)) if not lines[i].startswith(" ")), None)
        return lines[start + 1 : end]

    assert f"    choices: {', '.join(WEBHOOK_PRESETS)}" in block("webhook_preset")
    assert (
        "    choices: api-key-header, api-key-query, bearer-token, basic, oauth2-client-credentials"
        in block("api_auth")
    )
    assert "    only when api_auth=api-key-header" in block("api_key_header")
    assert "    only when webhook_preset=generic-hmac" in block("hmac_prefix")
