"""copier.yml and ProjectSpec declare the same answers, defaults and derivations."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2
import pytest
import yaml

from scaffold.presets import presets_as_jinja
from scaffold.render import template_dir
from scaffold.spec import ANSWER_FIELDS, DERIVED_FIELDS, ProjectSpec

COPIER_YML = yaml.safe_load((template_dir() / "copier.yml").read_text())
QUESTIONS = {name: value for name, value in COPIER_YML.items() if not name.startswith("_")}
# Defaults that depend on the chosen preset: copier.yml holds the default preset's values.
SPEC_DEFAULTS = ProjectSpec(project_name="acme-tickets").template_data()


def _render(expression: str, context: dict[str, Any]) -> str:
    return jinja2.Environment(autoescape=False).from_string(expression).render(**context)  # noqa: S701


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
    enum = schema.get("enum") or schema.get("items", {}).get("enum")
    if name == "webhook_preset":
        from scaffold.presets import WEBHOOK_PRESETS

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
