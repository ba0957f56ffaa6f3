"""`scaffold add` checks names and fields with the rules `scaffold new` applies, at the first
wrong answer: interactively at its prompt, from the command line before anything else."""

from __future__ import annotations

import pytest

from scaffold import evolve
from scaffold.errors import AnswersError, PromptAborted, UsageError
from scaffold.prompts import Replies, ScriptedPrompter
from scaffold.spec import ProjectSpec

RESOURCE_WORDS = "use snake_case: a lowercase letter, then lowercase letters, digits or _"
EVENT_WORDS = "an event type starts with a letter and holds only letters, digits"


@pytest.fixture
def spec() -> ProjectSpec:
    return ProjectSpec(project_name="acme")


def test_a_resource_name_longer_than_new_allows_is_refused_at_its_prompt(
    spec: ProjectSpec,
) -> None:
    prompter = ScriptedPrompter(
        {
            "add.kind": "resource",
            "add.resource": Replies("x" * 40, "Contact"),
            "verbs.contact": ["list"],
        }
    )
    edit = evolve.choose_addition(prompter, spec)
    assert prompter.refused == [("add.resource", prompter.refused[0][1])]
    assert RESOURCE_WORDS in prompter.refused[0][1] and "at most 20" in prompter.refused[0][1]
    assert "note: using the resource name 'contact' for 'Contact'" in prompter.notes
    changed = edit.apply(spec)
    assert [(r.name, r.verbs) for r in changed.resources] == [
        ("ticket", ["get", "create"]),
        ("contact", ["list"]),
    ]


def test_an_existing_resource_is_refused_at_its_prompt(spec: ProjectSpec) -> None:
    prompter = ScriptedPrompter({"add.kind": "resource", "add.resource": Replies("Ticket", "user")})
    evolve.choose_addition(prompter, spec)
    assert prompter.refused == [("add.resource", "each resource may be listed once")]


def test_a_bad_event_name_is_refused_before_its_fields_are_asked(spec: ProjectSpec) -> None:
    prompter = ScriptedPrompter(
        {
            "add.kind": "trigger",
            "add.event": Replies("bad event!", "ticket.closed"),
            "add.fields": Replies("id, has space", "id, assignee.id"),
        }
    )
    edit = evolve.choose_addition(prompter, spec)
    assert prompter.asked == ["add.kind", "add.event", "add.event", "add.fields", "add.fields"]
    assert EVENT_WORDS in prompter.refused[0][1]
    assert prompter.refused[1][1].startswith("'has space': a field name starts with a letter")
    assert "parent.child" in prompter.messages["add.fields"]
    added = edit.apply(spec).events[-1]
    assert (added.name, added.fields) == ("ticket.closed", ["id", "assignee__id"])


def test_ctrl_c_while_adding_is_prompt_aborted(spec: ProjectSpec) -> None:
    prompter = ScriptedPrompter({"add.kind": "trigger", "add.event": PromptAborted()})
    with pytest.raises(PromptAborted):
        evolve.choose_addition(prompter, spec)


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda: evolve.add_resource("x" * 40), f"resource 'xxxx{'x' * 36}': {RESOURCE_WORDS}"),
        (lambda: evolve.add_action("x" * 40, "get"), RESOURCE_WORDS),
        (lambda: evolve.add_trigger("bad event!", ["has space"]), "event 'bad event!': "),
        (lambda: evolve.add_trigger("ticket.closed", ["has space"]), "fields of ticket.closed: "),
        (lambda: evolve.add_trigger("ticket.closed", ["a.b.c.d.e"]), "at most 4 levels deep"),
    ],
)
def test_command_line_additions_are_refused_by_the_spec_rules(
    spec: ProjectSpec, edit: object, message: str
) -> None:
    with pytest.raises(AnswersError) as refused:
        edit().apply(spec)  # type: ignore[operator]
    assert message in str(refused.value)
    assert "pattern" not in str(refused.value)


def test_a_bad_event_name_is_reported_before_bad_fields(spec: ProjectSpec) -> None:
    with pytest.raises(AnswersError) as refused:
        evolve.add_trigger("bad event!", ["has space"]).apply(spec)
    assert EVENT_WORDS in str(refused.value)
    assert "field" not in str(refused.value).split(": ", 1)[1]


def test_command_line_names_are_normalised_like_new(spec: ProjectSpec) -> None:
    with pytest.raises(UsageError, match="resource ticket exists"):
        evolve.add_resource("Ticket").apply(spec)
    changed = evolve.add_action("Ticket", "close").apply(spec)
    assert [(r.name, r.verbs) for r in changed.resources] == [
        ("ticket", ["get", "create", "close"])
    ]
