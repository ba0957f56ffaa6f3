"""`scaffold questions`: every answer as a standard JSON Schema, and as text for people.

Both come from ProjectSpec; the text is written from the schema, so the two never disagree.
"""

from __future__ import annotations

import json
from typing import Any

from scaffold.presets import DEFAULT_WEBHOOK_PRESET, WEBHOOK_PRESETS
from scaffold.spec import ProjectSpec

DIALECT = "https://json-schema.org/draft/2020-12/schema"

# A `choices=` prompt hint names a closed set that is data, not a Literal; these are its values.
_CHOICES: dict[str, list[str]] = {"webhook_presets": list(WEBHOOK_PRESETS)}


def _defaults(preset: str) -> dict[str, Any]:
    """Every answer's default with `preset` chosen, as an answers file would hold it."""
    spec = ProjectSpec.model_validate({"project_name": "placeholder", "webhook_preset": preset})
    # round_trip leaves out computed fields (derived names), which are not answers.
    return spec.model_dump(mode="json", round_trip=True)


def answers_schema() -> dict[str, Any]:
    """ProjectSpec as a JSON Schema (Draft 2020-12) with a default for every optional answer
    and an `enum` for every closed choice.

    Answers a preset suggests default to what the default preset suggests; a `$comment`
    says so, since another `webhook_preset` changes them.
    """
    schema = ProjectSpec.model_json_schema()
    defaults = _defaults(DEFAULT_WEBHOOK_PRESET)
    suggested = {
        name
        for preset in WEBHOOK_PRESETS
        for name, value in _defaults(preset).items()
        if value != defaults[name] and name != "webhook_preset"
    }
    required = set(schema.get("required", []))
    for name, answer in schema["properties"].items():
        choices = answer.pop("choices", None)
        if choices is not None:
            answer["enum"] = _CHOICES[choices]
        if name not in required:
            answer["default"] = defaults[name]
        if name in suggested:
            answer["$comment"] = (
                f"The default is what webhook_preset={DEFAULT_WEBHOOK_PRESET} suggests; "
                "each preset suggests its own."
            )
    return {"$schema": DIALECT, **schema}


def describe_answers(schema: dict[str, Any]) -> list[str]:
    """The schema as text: per answer its type, default or `required`, choices and condition."""
    required = set(schema.get("required", []))
    lines: list[str] = []
    for name, answer in schema["properties"].items():
        facts = [_type(answer, schema)]
        if name in required:
            facts.append("required")
        elif "default" in answer:
            facts.append(f"default: {json.dumps(answer['default'])}")
        lines.append(f"{name} ({'; '.join(facts)})")
        lines.append(f"    {answer.get('description', '')}")
        choices = answer.get("enum") or answer.get("items", {}).get("enum")
        if choices:
            lines.append(f"    choices: {', '.join(str(choice) for choice in choices)}")
        if "when" in answer:
            lines.append(f"    only when {answer['when']}")
        if "$comment" in answer:
            lines.append(f"    {answer['$comment']}")
    return lines


def _type(answer: dict[str, Any], schema: dict[str, Any]) -> str:
    if answer.get("type") != "array":
        return str(answer.get("type", "any"))
    items = answer.get("items", {})
    reference = items.get("$ref", "")
    if reference.startswith("#/$defs/"):
        shape = schema["$defs"][reference.removeprefix("#/$defs/")]
        return f"list of {{{', '.join(shape['properties'])}}}"
    return f"list of {items.get('type', 'any')}s"
