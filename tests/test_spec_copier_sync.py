"""copier.yml is generated from ProjectSpec: the same answers, order, prompts, defaults,
choices, conditions, validation and derivations."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2
import pytest
import yaml
from jinja2.sandbox import SandboxedEnvironment

from scaffold.copier_questions import COMMAND, PROJECT_NAME_RULE, copier_yml
from scaffold.naming import InvalidNameError, derive_names, slugify
from scaffold.presets import WEBHOOK_PRESETS, presets_as_jinja
from scaffold.render import template_dir
from scaffold.spec import (
    ANSWER_FIELDS,
    DERIVED_FIELDS,
    AnswerProblem,
    ProjectSpec,
    Question,
    check_answer,
    suggested_spec,
)
from scaffold.spec import QUESTIONS as SPEC_QUESTIONS

COPIER_YML = yaml.safe_load((template_dir() / "copier.yml").read_text())
QUESTIONS = {name: value for name, value in COPIER_YML.items() if not name.startswith("_")}
# Defaults that depend on the chosen preset: copier.yml holds the default preset's values.
SPEC_DEFAULTS = ProjectSpec(project_name="acme-tickets").template_data()


def _render(expression: str, context: dict[str, Any]) -> str:
    return jinja2.Environment(autoescape=False).from_string(expression).render(**context)  # noqa: S701


# Validators render as copier renders them: sandboxed, with the filters copier always loads.
_COPIER_JINJA = SandboxedEnvironment(
    extensions=["jinja2_ansible_filters.AnsibleCoreFiltersExtension"]
)


def _copier_refusal(name: str, value: str) -> str:
    """What copier's validator says about `value` for answer `name` ('' when it takes it)."""
    template = _COPIER_JINJA.from_string(QUESTIONS[name]["validator"])
    return template.render({name: value}).strip()


def _spec_refusal(name: str, value: str) -> str:
    try:
        check_answer({}, name, value)
    except AnswerProblem as problem:
        return str(problem)
    return ""


def test_copier_yml_is_generated_from_the_spec() -> None:
    assert (template_dir() / "copier.yml").read_text() == copier_yml(), (
        f"template/copier.yml is stale: run `{COMMAND}`"
    )


def test_copier_keeps_its_settings() -> None:
    settings = {name: value for name, value in COPIER_YML.items() if name.startswith("_")}
    assert settings == {
        "_min_copier_version": "9.5.0",
        "_subdirectory": "project",
        "_templates_suffix": ".jinja",
        "_answers_file": ".copier-answers.yml",
        "_exclude": [
            "__pycache__",
            "*.pyc",
            # OpenAPI actions replace the resources' actions, and their tests with them.
            "{% if openapi_actions %}tests/test_actions.py{% endif %}",
        ],
    }


def test_copier_asks_in_the_spec_order() -> None:
    # A condition or a suggestion depends on an earlier answer, in copier as in scaffold.
    asked = [name for name, question in QUESTIONS.items() if question.get("when") is not False]
    assert asked == [question.name for question in SPEC_QUESTIONS]


@pytest.mark.parametrize("question", SPEC_QUESTIONS, ids=lambda question: question.name)
def test_copier_shows_the_spec_prompt_and_labels(question: Question) -> None:
    copier = QUESTIONS[question.name]
    assert copier["help"].startswith(question.text)
    if question.labels:
        assert copier["choices"] == {question.labels[value]: value for value in question.choices}


CONDITIONAL = [question for question in SPEC_QUESTIONS if question.condition is not None]
_VALUES = {"webhook_preset": list(WEBHOOK_PRESETS)}


@pytest.mark.parametrize("question", CONDITIONAL, ids=lambda question: question.name)
def test_copier_asks_under_the_spec_condition(question: Question) -> None:
    assert question.condition is not None
    answer = question.condition[0]
    values = _VALUES.get(answer) or list(QUESTIONS[answer]["choices"].values())
    for value in values:
        asked = _render(QUESTIONS[question.name]["when"], {answer: value}) == "True"
        assert asked == question.applies({answer: value}), (question.name, answer, value)


TEXT_ANSWERS = [
    name
    for name, question in QUESTIONS.items()
    if question["type"] == "str" and "choices" not in question and question.get("when") is not False
]


def test_every_free_text_answer_has_a_copier_validator() -> None:
    assert TEXT_ANSWERS, "copier.yml has no free-text answers?"
    assert [name for name in TEXT_ANSWERS if "validator" not in QUESTIONS[name]] == []


def _samples() -> list[str]:
    """Texts on both sides of every format rule, and every value a preset suggests."""
    suggested = {
        value
        for preset in WEBHOOK_PRESETS
        for value in suggested_spec({"webhook_preset": preset}).model_dump(mode="json").values()
        if isinstance(value, str)
    }
    edges = ["", " ", "x", "two words", " padded ", "a\nb", "tail\n", "é", "x" * 500, "x" * 501]
    edges += ["X-Api-Key", "X_Api", "sha256=", "v0:", "name@example.com", "no-at", "a@b", "ä@b.c"]
    edges += ["https://api.acme.example", "https://{subdomain}.zendesk.com/api/v2", "http://x"]
    edges += ["x" * length for length in (16, 17, 60, 61, 64, 65, 200, 201)]
    return sorted(suggested | set(edges))


@pytest.mark.parametrize("name", [name for name in TEXT_ANSWERS if name != "project_name"])
def test_copier_validators_refuse_with_the_spec_words_what_the_spec_refuses(name: str) -> None:
    # Some answers have checks beyond their format (https URLs, the SDK requirement): copier
    # cannot run those, so it may take what scaffold refuses, never the other way round.
    checked_in_code = any(
        name in validator.info.fields
        for validator in ProjectSpec.__pydantic_decorators__.field_validators.values()
    )
    for value in _samples():
        copier, spec = _copier_refusal(name, value), _spec_refusal(name, value)
        if copier:
            assert copier == spec, (name, value)
        elif not checked_in_code:
            assert spec == "", (name, value)


NAMES = ["acme-tickets", "a1", "x", "zendesk-2go-sync", "a" * 40, "a" * 41, "My Project!", "Acme"]
NAMES += ["a--b", "a-", "-a", "1abc", "acme_tickets", "a b", "", "acme\n", "os", "class"]


@pytest.mark.parametrize("project_name", NAMES)
def test_copier_takes_a_project_name_only_in_the_form_scaffold_uses(project_name: str) -> None:
    refusal = _copier_refusal("project_name", project_name)
    try:
        used = derive_names(project_name).slug
    except InvalidNameError:
        used = None
    if used == project_name:  # scaffold takes it exactly as typed: so does copier
        assert refusal == ""
    if refusal:
        assert refusal == PROJECT_NAME_RULE.words
    else:
        # Copier cannot rename; it takes only names scaffold would not rename either
        # (it cannot tell a Python keyword or a shadowed module, which scaffold refuses).
        assert slugify(project_name) == project_name and len(project_name) <= 40


def test_copier_asks_exactly_the_spec_answers() -> None:
    asked = {name for name, question in QUESTIONS.items() if question.get("when") is not False}
    assert asked == set(ANSWER_FIELDS)


def test_derived_names_are_declared_but_never_asked() -> None:
    derived = {name for name, question in QUESTIONS.items() if question.get("when") is False}
    assert derived == set(DERIVED_FIELDS)


@pytest.mark.parametrize("name", [name for name in ANSWER_FIELDS if name != "project_name"])
def test_defaults_agree(name: str) -> None:
    copier_default = QUESTIONS[name]["default"]
    expected = SPEC_DEFAULTS[name]
    if name == "events":
        expected = [{"name": e["name"], "fields": e["fields"]} for e in expected]
    assert copier_default == expected


@pytest.mark.parametrize("name", ANSWER_FIELDS)
def test_choices_agree(name: str) -> None:
    schema = ProjectSpec.model_json_schema()["properties"][name]
    copier_choices = QUESTIONS[name].get("choices")
    if copier_choices is None:
        return
    if isinstance(copier_choices, dict):  # label -> value
        copier_choices = list(copier_choices.values())
    enum = schema.get("enum") or schema.get("items", {}).get("enum")
    if name == "webhook_preset":
        enum = list(WEBHOOK_PRESETS)
    assert sorted(copier_choices) == sorted(enum)


@pytest.mark.parametrize("project_name", ["acme-tickets", "a1", "zendesk-2go-sync", "x"])
def test_copier_derives_the_same_names(project_name: str) -> None:
    spec = ProjectSpec(project_name=project_name).template_data()
    context = {"project_name": project_name, "webhook_preset": "stripe"}
    for name in DERIVED_FIELDS:
        rendered = _render(QUESTIONS[name]["default"], context)
        assert rendered == str(spec[name]), name


def test_trigger_name_macro_matches_the_spec() -> None:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(template_dir()), autoescape=False)  # noqa: S701
    macro = env.get_template("macros.jinja").module.trigger_name  # type: ignore[attr-defined]
    for event in ["ticket.created", "jira:issue_created", "orders/create", "a-b.c"]:
        spec = ProjectSpec(
            project_name="x", events=[{"name": event, "fields": ["id"]}]
        ).template_data()
        assert str(macro({"name": event})) == spec["events"][0]["trigger_name"]


def test_presets_jinja_is_generated_from_presets_py() -> None:
    assert (template_dir() / "presets.jinja").read_text() == presets_as_jinja(), (
        "template/presets.jinja is stale: run `python -m scaffold.presets > template/presets.jinja`"
    )


def test_template_needs_no_trust() -> None:
    for key in ("_tasks", "_jinja_extensions", "_migrations", "_external_data"):
        assert key not in COPIER_YML, key
    assert Path(template_dir() / "copier.yml").is_file()


def test_the_templates_release_is_scaffolds_own() -> None:
    import scaffold

    loader = jinja2.FileSystemLoader(template_dir())
    environment = jinja2.Environment(loader=loader, autoescape=False)  # noqa: S701 - not HTML
    release = environment.get_template("release.jinja").module
    assert release.scaffold_version == scaffold.__version__, (  # type: ignore[attr-defined]
        "template/release.jinja is stale: set scaffold_version to scaffold.__version__"
    )
    assert release.scaffold_distribution == scaffold.DISTRIBUTION  # type: ignore[attr-defined]
