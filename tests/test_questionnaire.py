"""The interactive flow: what is asked, in which order, how each answer is checked at its
prompt, the summary before writing, and what comes out."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from scaffold.errors import AnswersError, PromptAborted
from scaffold.prompts import QuestionaryPrompter, Replies, ScriptedPrompter
from scaffold.questionnaire import answer_validator, ask_missing, split_list, summary
from scaffold.spec import QUESTIONS, ProjectSpec


def run(
    answers: dict[str, Any], given: dict[str, Any] | None = None
) -> tuple[Any, ScriptedPrompter]:
    prompter = ScriptedPrompter({"project_name": "acme", **answers})
    return ProjectSpec.model_validate(ask_missing(prompter, given or {})), prompter


def test_defaults_everywhere_give_a_valid_spec() -> None:
    spec, prompter = run({})
    assert spec.project_name == "acme"
    assert prompter.asked[:4] == ["project_name", "description", "author_name", "author_email"]
    assert "webhook_preset" in prompter.asked and "features" in prompter.asked
    assert prompter.asked[-1] == "create"


def test_the_project_name_has_no_made_up_default() -> None:
    prompter = ScriptedPrompter({"project_name": Replies("", "acme")})
    ask_missing(prompter, {})
    assert prompter.defaults["project_name"] == ""
    assert prompter.refused[0][0] == "project_name"
    assert "empty" in prompter.refused[0][1]


def test_questions_follow_the_spec_order_and_conditions() -> None:
    _, prompter = run({"webhook_preset": "none"})
    plain = [name for name in prompter.asked if name in {q.name for q in QUESTIONS}]
    expected = [
        q.name
        for q in QUESTIONS
        if not q.internal
        and q.name not in {"events", "resources"}
        and q.applies({"webhook_preset": "none"})
    ]
    assert plain == expected
    assert prompter.asked.index("webhook_preset") < prompter.asked.index("upstream_name")


def test_given_answers_are_not_asked_again() -> None:
    prompter = ScriptedPrompter({})
    ask_missing(prompter, {"project_name": "acme", "description": "d", "webhook_preset": "none"})
    assert "project_name" not in prompter.asked
    assert "webhook_preset" not in prompter.asked
    assert "event_names" not in prompter.asked  # no webhooks, no events


def test_a_wrong_given_answer_is_refused_before_any_question() -> None:
    prompter = ScriptedPrompter({})
    with pytest.raises(AnswersError, match="author_email: give an email address"):
        ask_missing(prompter, {"project_name": "acme", "author_email": "nope"})
    assert prompter.asked == []


def test_preset_choice_drives_the_suggestions_and_follow_up_questions() -> None:
    spec, prompter = run(
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
    assert [event.name for event in spec.events] == ["order.paid", "order.refunded"]
    assert spec.events[0].fields == ["id", "amount"]
    assert spec.resources[0].verbs == ["get", "list", "delete"]
    assert spec.resources[1].name == "customer"
    assert "hmac_signature_header" in prompter.asked
    assert "api_key_header" in prompter.asked


def test_a_bad_event_name_is_refused_at_its_prompt_and_asked_again() -> None:
    spec, prompter = run(
        {
            "description": "Keeps tickets in sync",
            "event_names": Replies("ticket created!", "ticket.created"),
        }
    )
    assert prompter.refused == [
        (
            "event_names",
            "'ticket created!': an event type starts with a letter and holds only letters, "
            "digits and . _ : / - (no spaces), at most 50 characters (e.g. ticket.created)",
        )
    ]
    # Nothing answered before it is lost, and no field was asked for the refused name.
    assert spec.description == "Keeps tickets in sync"
    assert [event.name for event in spec.events] == ["ticket.created"]
    assert "event_fields.ticket created!" not in prompter.asked


def test_a_dotted_field_is_nested_syntax_and_the_prompt_says_so() -> None:
    spec, prompter = run(
        {
            "webhook_preset": "zendesk",
            "event_fields.zen:event-type:ticket.created": Replies(
                "id, detail id", "id, requester.id"
            ),
        }
    )
    name = "event_fields.zen:event-type:ticket.created"
    assert spec.events[0].fields == ["id", "requester__id"]
    assert "'detail id': " in prompter.refused[0][1]
    assert "parent.child" in prompter.messages[name]
    assert "read from the event's detail" in prompter.messages[name]
    assert "note: requester.id is dispatched as the field requester__id" in prompter.notes


def test_a_resource_name_is_normalised_with_a_note_or_refused_in_words() -> None:
    spec, prompter = run({"resource_names": Replies("User, " + "x" * 40, "User, Sales Order")})
    assert [resource.name for resource in spec.resources] == ["user", "sales_order"]
    assert "note: using the resource name 'user' for 'User'" in prompter.notes
    (question, problem), *_ = prompter.refused
    assert question == "resource_names"
    assert "at most 20 characters" in problem and "pattern" not in problem
    assert "verbs.user" in prompter.asked  # actions are asked under the normalised name


def test_an_email_is_refused_in_plain_words() -> None:
    _, prompter = run({"author_email": Replies("not-an-email", "me@example.com")})
    assert prompter.refused == [
        ("author_email", "give an email address such as name@example.com (at most 200 characters)")
    ]


def test_a_resource_without_actions_is_asked_again() -> None:
    spec, prompter = run({"resource_names": "ticket", "verbs.ticket": Replies([], ["list"])})
    assert spec.resources[0].verbs == ["list"]
    assert "ticket needs at least one action: pick one or more" in prompter.notes
    assert prompter.asked.count("verbs.ticket") == 2


def test_oauth_needs_its_token_url_at_its_prompt() -> None:
    spec, prompter = run(
        {
            "api_auth": "oauth2-client-credentials",
            "oauth_token_url": Replies("", "https://auth.acme.example/token"),
            "oauth_scopes": Replies("tickets read", "tickets.read, tickets.write"),
        }
    )
    assert spec.oauth_scopes == ["tickets.read", "tickets.write"]
    assert [name for name, _ in prompter.refused] == ["oauth_token_url", "oauth_scopes"]
    assert "'tickets read': a scope holds" in prompter.refused[1][1]


@pytest.mark.parametrize(("header", "signed"), [("X-Timestamp", "timestamp.body"), ("", "body")])
def test_a_choice_with_one_valid_value_is_not_asked(header: str, signed: str) -> None:
    spec, prompter = run({"webhook_preset": "generic-hmac", "hmac_timestamp_header": header})
    assert spec.hmac_signed_content == signed
    assert "hmac_signed_content" not in prompter.asked


def test_a_base_url_outside_the_presets_domain_needs_a_confirmation() -> None:
    spec, prompter = run(
        {
            "webhook_preset": "github",
            "api_base_url": Replies("https://api.evil.com", "https://api.evil.com"),
            "api_base_url.confirm": Replies(False, True),
        }
    )
    assert spec.api_base_url == "https://api.evil.com"
    assert prompter.asked.count("api_base_url.confirm") == 2
    assert "outside GitHub's domain github.com" in prompter.messages["api_base_url.confirm"]
    assert any("warning: the API host api.evil.com" in note for note in prompter.notes)


def test_the_summary_lists_every_answer_before_creating() -> None:
    _, prompter = run({"webhook_preset": "stripe"})
    shown = prompter.notes[prompter.notes.index("Your answers:") + 1 :]
    assert "  webhook_preset: stripe" in shown
    assert "  events: payment_intent.succeeded (id, amount, currency)" in shown
    assert "  resources: ticket (get, create)" in shown
    assert not any("hmac_" in line or "oauth_" in line for line in shown)
    assert prompter.messages["create"] == "Create the project?"


def test_changing_an_answer_re_asks_it_and_what_depends_on_it() -> None:
    spec, prompter = run(
        {
            "description": "kept",
            "webhook_preset": Replies("github", "stripe"),
            "create": Replies("change", "create"),
            "change": "webhook_preset",
        }
    )
    assert spec.webhook_preset == "stripe"
    assert spec.upstream_name == "Stripe"  # the new preset's suggestion, not GitHub's
    assert [event.name for event in spec.events] == ["payment_intent.succeeded"]
    second_round = prompter.asked[prompter.asked.index("change") + 1 :]
    assert second_round[:3] == ["webhook_preset", "upstream_name", "event_names"]
    assert "description" not in second_round and "resource_names" not in second_round
    assert spec.description == "kept"


def test_a_changed_answer_is_offered_back_as_the_default() -> None:
    spec, prompter = run(
        {
            "author_name": Replies("Ada", "Ada Lovelace"),
            "create": Replies("change", "create"),
            "change": "author_name",
        }
    )
    assert spec.author_name == "Ada Lovelace"
    assert prompter.defaults["author_name"] == "Ada"


def test_cancel_at_the_summary_aborts_with_130() -> None:
    with pytest.raises(PromptAborted) as aborted:
        run({"create": "cancel"})
    assert aborted.value.exit_code == 130
    assert "nothing was written" in str(aborted.value)


def test_ctrl_c_at_any_prompt_aborts_with_130() -> None:
    with pytest.raises(PromptAborted) as aborted:
        run({"resource_names": PromptAborted()})
    assert aborted.value.exit_code == 130


@pytest.mark.parametrize(
    "typed", ["ticket", "Ticket", "sales order", "x" * 20, "x" * 21, "9lives", "a-b", "", "x!"]
)
def test_a_prompt_refuses_exactly_what_the_spec_refuses(typed: str) -> None:
    def resources(text: str) -> list[dict[str, Any]]:
        return [{"name": name, "verbs": ["get"]} for name in split_list(text)]

    problem = answer_validator({}, "resources", resources)(typed)
    try:
        ProjectSpec(project_name="acme", resources=resources(typed))
    except ValidationError:
        spec_refuses = True
    else:
        spec_refuses = False
    assert (problem is not None) == spec_refuses


def test_summary_shows_empty_answers_as_none() -> None:
    answers = {"project_name": "acme", "webhook_preset": "generic-hmac", "hmac_prefix": ""}
    assert "hmac_prefix: (none)" in summary(answers)


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

    with create_pipe_input() as pipe:
        # "class" is refused by the validator; backspace it away and type a valid name.
        pipe.send_text("class\r" + "\x7f" * 5 + "acme\r")
        prompter = QuestionaryPrompter(input=pipe, output=DummyOutput())
        validate = answer_validator({}, "project_name", str.strip)
        answer = prompter.text("project_name", "Name?", "", validate)
    assert answer == "acme"


def test_real_questionary_ctrl_c_is_prompt_aborted() -> None:
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output import DummyOutput

    with create_pipe_input() as pipe:
        pipe.send_text("acm\x03")
        prompter = QuestionaryPrompter(input=pipe, output=DummyOutput())
        with pytest.raises(PromptAborted):
            prompter.text("project_name", "Name?", "")
