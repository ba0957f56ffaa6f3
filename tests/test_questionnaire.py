"""The interactive flow: what is asked, in which order, and what comes out."""

from __future__ import annotations

import pytest

from scaffold.prompts import QuestionaryPrompter, ScriptedPrompter
from scaffold.questionnaire import ask_missing
from scaffold.spec import ProjectSpec


def test_defaults_everywhere_give_a_valid_spec() -> None:
    prompter = ScriptedPrompter({"project_name": "acme"})
    answers = ask_missing(prompter, {})
    spec = ProjectSpec.model_validate(answers)
    assert spec.project_name == "acme"
    assert prompter.asked[:4] == ["project_name", "description", "author_name", "author_email"]
    assert "webhook_preset" in prompter.asked and "features" in prompter.asked


def test_given_answers_are_not_asked_again() -> None:
    prompter = ScriptedPrompter({})
    ask_missing(prompter, {"project_name": "acme", "description": "d", "webhook_preset": "none"})
    assert "project_name" not in prompter.asked
    assert "webhook_preset" not in prompter.asked
    assert "event_names" not in prompter.asked  # no webhooks, no events


def test_preset_choice_drives_the_suggestions_and_follow_up_questions() -> None:
    prompter = ScriptedPrompter(
        {
            "project_name": "gh",
            "webhook_preset": "generic-hmac",
            "event_names": "order.paid, order.refunded",
            "event_fields.order.paid": "id, amount",
            "api_auth": "api-key-header",
            "resource_names": "order, customer",
            "verbs.order": ["get", "list"],
            "destructive.order.delete": True,
        }
    )
    spec = ProjectSpec.model_validate(ask_missing(prompter, {}))
    assert [event.name for event in spec.events] == ["order.paid", "order.refunded"]
    assert spec.events[0].fields == ["id", "amount"]
    assert spec.resources[0].verbs == ["get", "list", "delete"]
    assert spec.resources[1].name == "customer"
    assert "hmac_signature_header" in prompter.asked
    assert "api_key_header" in prompter.asked


def test_a_scripted_invalid_answer_is_reported_by_the_field_validator() -> None:
    with pytest.raises(ValueError, match="keyword"):
        ask_missing(ScriptedPrompter({"project_name": "class"}), {})


def test_real_questionary_prompt_reads_a_terminal_answer() -> None:
    """Drive questionary itself through prompt_toolkit's pipe input (no terminal needed)."""
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output import DummyOutput

    with create_pipe_input() as pipe:
        pipe.send_text("\x7f" * len("Acme") + "Zendesk Sync\r")  # clear the default first
        prompter = QuestionaryPrompter(input=pipe, output=DummyOutput())
        answer = prompter.text("upstream_name", "Upstream?", "Acme")
    assert answer == "Zendesk Sync"


def test_real_questionary_text_rejects_invalid_input_until_fixed() -> None:
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output import DummyOutput

    from scaffold.questionnaire import _field_validator

    with create_pipe_input() as pipe:
        # "class" is refused by the validator; backspace it away and type a valid name.
        pipe.send_text("class\r" + "\x7f" * 5 + "acme\r")
        prompter = QuestionaryPrompter(input=pipe, output=DummyOutput())
        answer = prompter.text("project_name", "Name?", "", _field_validator({}, "project_name"))
    assert answer == "acme"
