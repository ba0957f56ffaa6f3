"""The `scaffold new` questionnaire, driven by ProjectSpec's questions (`spec.QUESTIONS`).

It asks only what the user has not already answered (flags, --data, an answers file), checks
each answer at its prompt with ProjectSpec's own rules and asks again until it passes, then
shows every answer and lets the user create the project, change an answer, or cancel.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from scaffold.errors import AnswersError, PromptAborted
from scaffold.presets import WEBHOOK_PRESETS, preset_host_warning
from scaffold.prompts import Choice, Prompter, Validator
from scaffold.spec import (
    DESTRUCTIVE_VERBS,
    NESTING_SEPARATOR,
    QUESTIONS,
    VERBS,
    AnswerProblem,
    Location,
    Question,
    check_answer,
    check_given,
    dependents,
    suggestion,
)

Answers = dict[str, Any]
_BY_NAME = {question.name: question for question in QUESTIONS}


def split_list(text: str) -> list[str]:
    """A comma-separated answer as its items."""
    return [part.strip() for part in text.replace("\n", ",").split(",") if part.strip()]


def _shown(value: Any) -> str:
    return repr(value) if len(str(value)) <= 40 else repr(str(value)[:37] + "...")


def _describe(problems: Sequence[tuple[Location, str]], items: Sequence[str], item_at: int) -> str:
    """The problems in one line, naming the typed item of a list answer each is about."""
    parts = []
    for location, message in problems:
        index = location[item_at] if len(location) > item_at else None
        if isinstance(index, int) and index < len(items):
            parts.append(f"{_shown(items[index])}: {message}")
        else:
            parts.append(message)
    return "; ".join(dict.fromkeys(parts))


def answer_validator(
    answers: Mapping[str, Any],
    name: str,
    parse: Callable[[str], Any],
    *,
    about: Callable[[Location], bool] = lambda _location: True,
    item_at: int = 0,
) -> Validator:
    """A prompt validator: the typed text, parsed into answer `name`, checked by the spec.

    `about` keeps the problems this prompt is about (e.g. one event's fields); when the text is
    a comma-separated list, a message names the wrong item (its index is at `item_at` in the
    problem's location).
    """

    def validate(typed: str) -> str | None:
        try:
            check_answer(answers, name, parse(typed))
        except AnswerProblem as problem:
            relevant = [p for p in problem.problems if about(p[0])]
            return _describe(relevant, split_list(typed), item_at) if relevant else None
        return None

    return validate


def ask_missing(prompter: Prompter, given: Mapping[str, Any]) -> Answers:
    """Ask every applicable question not in `given`, then confirm; return all the answers.

    Raises AnswersError when a given answer is already invalid (before asking anything), and
    PromptAborted on Ctrl-C or when the user cancels at the summary.
    """
    try:
        check_given(given)
    except AnswerProblem as problem:
        raise AnswersError(f"invalid answers: {problem}") from None
    answers: Answers = dict(given)
    previous: Answers = {}
    while True:
        _ask_unanswered(prompter, answers, previous)
        name = _confirm(prompter, answers)
        if name is None:
            return answers
        # Re-ask the chosen answer (offering the old one) and what was asked because of it.
        previous = {name: answers.pop(name)}
        for dependent in dependents(name) - set(given):
            answers.pop(dependent, None)


def _ask_unanswered(prompter: Prompter, answers: Answers, previous: Mapping[str, Any]) -> None:
    for question in QUESTIONS:
        if question.internal or question.name in answers or not question.applies(answers):
            continue
        default = previous.get(question.name, suggestion(answers, question.name))
        ask = _COMPOUND.get(question.name, _ask_plain)
        answers[question.name] = ask(prompter, question, answers, default)


def _ask_plain(prompter: Prompter, question: Question, answers: Answers, default: Any) -> Any:
    name = question.name
    labels = question.labels
    if question.choices and question.many:
        choices = [Choice(value, labels.get(value, value)) for value in question.choices]
        return prompter.checkbox(name, question.message, choices, default)
    if question.choices:
        return _ask_select(prompter, question, answers, default)
    parse: Callable[[str], Any] = split_list if question.many else str.strip
    while True:
        typed = prompter.text(
            name,
            question.message,
            ", ".join(default) if question.many else str(default),
            answer_validator(answers, name, parse),
        )
        value = check_answer(answers, name, parse(typed))
        if value != parse(typed):
            prompter.note(f"note: using {_summary_value(value)} for {typed.strip()!r}")
        if name != "api_base_url" or _host_confirmed(prompter, {**answers, name: value}):
            return value


def _ask_select(prompter: Prompter, question: Question, answers: Answers, default: Any) -> Any:
    # Offer only the choices the spec accepts here; when one is left there is nothing to ask.
    valid = []
    for value in question.choices:
        try:
            check_answer(answers, question.name, value)
        except AnswerProblem:
            continue
        valid.append(value)
    if len(valid) == 1:
        return valid[0]
    if not valid:
        raise AnswersError(f"no value of {question.name} fits the other answers")
    choices = [Choice(value, question.labels.get(value, value)) for value in valid]
    chosen = default if default in valid else valid[0]
    return prompter.select(question.name, question.message, choices, chosen)


def _host_confirmed(prompter: Prompter, answers: Mapping[str, Any]) -> bool:
    # The base URL passes the spec, but its host becomes the outbound allowlist.
    warning = preset_host_warning(answers["webhook_preset"], answers["api_base_url"])
    if warning is None:
        return True
    return prompter.confirm("api_base_url.confirm", f"{warning}. Use it anyway?", False)


def _ask_events(prompter: Prompter, question: Question, answers: Answers, default: Any) -> Any:
    preset = WEBHOOK_PRESETS[answers["webhook_preset"]]
    known = {e.name: list(e.fields) for e in preset.events} | {
        event["name"]: list(event["fields"]) for event in default
    }

    def events(typed: str) -> list[dict[str, Any]]:
        return [{"name": name, "fields": known.get(name, ["id"])} for name in split_list(typed)]

    typed = prompter.text(
        "event_names",
        question.message,
        ", ".join(event["name"] for event in default),
        answer_validator(answers, "events", events, about=lambda loc: "fields" not in loc),
    )
    chosen: list[dict[str, Any]] = check_answer(answers, "events", events(typed))
    for index, event in enumerate(chosen):
        event["fields"] = ask_event_fields(prompter, answers, chosen, index)
    return [{"name": event["name"], "fields": event["fields"]} for event in chosen]


def ask_event_fields(
    prompter: Prompter,
    answers: Mapping[str, Any],
    events: Sequence[Mapping[str, Any]],
    index: int,
    name: str = "",
) -> list[str]:
    """Ask which payload fields `events[index]` dispatches, checked among all of `events`."""
    event = events[index]
    preset = WEBHOOK_PRESETS[answers["webhook_preset"]]
    where = "the event's " + ".".join(preset.payload_path) if preset.payload_path else "the event"

    def with_fields(typed: str) -> list[dict[str, Any]]:
        fields = split_list(typed)
        return [{**e, "fields": fields} if i == index else dict(e) for i, e in enumerate(events)]

    typed = prompter.text(
        name or f"event_fields.{event['name']}",
        _BY_NAME["events"].item_prompt.format(name=event["name"])
        + f" (comma-separated, read from {where}; a nested field as parent.child, e.g. user.id)",
        ", ".join(field.replace(NESTING_SEPARATOR, ".") for field in event["fields"]),
        answer_validator(
            answers,
            "events",
            with_fields,
            about=lambda loc: loc[:2] == (index, "fields"),
            item_at=2,
        ),
    )
    checked: list[str] = check_answer(answers, "events", with_fields(typed))[index]["fields"]
    for typed_field, field in zip(split_list(typed), checked, strict=True):
        if "." in typed_field:
            prompter.note(f"note: {typed_field} is dispatched as the field {field}")
    return checked


def _ask_resources(prompter: Prompter, question: Question, answers: Answers, default: Any) -> Any:
    known = {resource["name"]: list(resource["verbs"]) for resource in default}

    def resources(typed: str) -> list[dict[str, Any]]:
        return [{"name": name, "verbs": ["get"]} for name in split_list(typed)]

    typed = prompter.text(
        "resource_names",
        question.message,
        ", ".join(known),
        answer_validator(answers, "resources", resources, about=lambda loc: "verbs" not in loc),
    )
    chosen = check_answer(answers, "resources", resources(typed))
    for typed_name, resource in zip(split_list(typed), chosen, strict=True):
        if resource["name"] != typed_name:
            prompter.note(f"note: using the resource name {resource['name']!r} for {typed_name!r}")
    return [
        {
            "name": resource["name"],
            "verbs": ask_verbs(
                prompter,
                resource["name"],
                question.item_prompt.format(name=resource["name"]),
                known.get(resource["name"], ["get", "create"]),
            ),
        }
        for resource in chosen
    ]


def ask_verbs(prompter: Prompter, resource: str, message: str, default: Sequence[str]) -> list[str]:
    """The actions on `resource`: safe verbs in one list, each destructive one confirmed."""
    safe = [Choice(verb, f"{verb}_{resource}") for verb in VERBS if verb not in DESTRUCTIVE_VERBS]
    while True:
        verbs = prompter.checkbox(
            f"verbs.{resource}", message, safe, [v for v in default if v not in DESTRUCTIVE_VERBS]
        )
        for verb in sorted(DESTRUCTIVE_VERBS):
            if prompter.confirm(
                f"destructive.{resource}.{verb}",
                f"Also add {verb}_{resource}? It {verb}s {resource}s upstream (destructive).",
                verb in default,
            ):
                verbs.append(verb)
        if verbs:
            return [verb for verb in VERBS if verb in verbs]
        prompter.note(f"{resource} needs at least one action: pick one or more")


_COMPOUND: dict[str, Callable[[Prompter, Question, Answers, Any], Any]] = {
    "events": _ask_events,
    "resources": _ask_resources,
}


def _summary_value(value: Any) -> str:
    if isinstance(value, list) and value and isinstance(value[0], dict):
        return "; ".join(
            f"{item['name']} ({', '.join(item.get('fields') or item.get('verbs') or [])})"
            for item in value
        )
    if isinstance(value, list):
        return ", ".join(map(str, value)) or "(none)"
    return str(value) if value != "" else "(none)"


def _answered(answers: Mapping[str, Any]) -> list[Question]:
    """The questions answered that apply, in asking order."""
    return [
        question
        for question in QUESTIONS
        if not question.internal and question.name in answers and question.applies(answers)
    ]


def summary(answers: Mapping[str, Any]) -> list[str]:
    """One line per applicable answer, in asking order."""
    return [f"{q.name}: {_summary_value(answers[q.name])}" for q in _answered(answers)]


def _confirm(prompter: Prompter, answers: Answers) -> str | None:
    """Show the answers and ask what to do: None to create, or the answer to change."""
    prompter.note("Your answers:")
    for line in summary(answers):
        prompter.note(f"  {line}")
    preset, url = answers.get("webhook_preset"), answers.get("api_base_url")
    warning = preset_host_warning(preset, url) if preset and url else None
    if warning:
        prompter.note(f"warning: {warning}")
    decision = prompter.select(
        "create",
        "Create the project?",
        [
            Choice("create", "Create it"),
            Choice("change", "Change an answer"),
            Choice("cancel", "Cancel (nothing is written)"),
        ],
        "create",
    )
    if decision == "cancel":
        raise PromptAborted("cancelled; nothing was written")
    if decision == "create":
        return None
    changeable = [Choice(q.name, f"{q.name}: {q.text}") for q in _answered(answers)]
    return prompter.select("change", "Which answer?", changeable, changeable[0].value)
