"""Asking the user: the only module that imports questionary.

Everything else talks to a `Prompter`, so tests drive the same flow with `ScriptedPrompter`
(answers by question name) and never need a terminal.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

Validator = Callable[[str], str | None]  # returns an error message, or None when valid


@dataclass(frozen=True)
class Choice:
    """One option of a select or checkbox question."""

    value: str
    label: str


class Prompter(Protocol):
    """Asks one question at a time; `name` identifies the question for scripted answers."""

    def text(self, name: str, message: str, default: str, validate: Validator | None = None) -> str:
        """Free text, validated before it is accepted."""

    def select(self, name: str, message: str, choices: Sequence[Choice], default: str) -> str:
        """One of `choices`."""

    def checkbox(
        self, name: str, message: str, choices: Sequence[Choice], default: Sequence[str]
    ) -> list[str]:
        """Any subset of `choices`."""

    def confirm(self, name: str, message: str, default: bool) -> bool:
        """Yes or no."""


class PromptAborted(Exception):
    """The user pressed Ctrl-C or Ctrl-D at a prompt."""


class QuestionaryPrompter:
    """Interactive prompts on the terminal."""

    def __init__(self, **questionary_options: Any) -> None:
        # Extra options (input/output) let a test drive real questionary through a pipe.
        self._options = questionary_options

    def _ask(self, question: Any) -> Any:
        answer = question.ask()
        if answer is None:
            raise PromptAborted
        return answer

    def text(self, name: str, message: str, default: str, validate: Validator | None = None) -> str:
        import questionary

        def check(value: str) -> bool | str:
            problem = validate(value) if validate else None
            return True if problem is None else problem

        return str(
            self._ask(questionary.text(message, default=default, validate=check, **self._options))
        )

    def select(self, name: str, message: str, choices: Sequence[Choice], default: str) -> str:
        import questionary

        options = [questionary.Choice(title=c.label, value=c.value) for c in choices]
        chosen = next((option for option in options if option.value == default), None)
        return str(
            self._ask(questionary.select(message, choices=options, default=chosen, **self._options))
        )

    def checkbox(
        self, name: str, message: str, choices: Sequence[Choice], default: Sequence[str]
    ) -> list[str]:
        import questionary

        options = [
            questionary.Choice(title=c.label, value=c.value, checked=c.value in default)
            for c in choices
        ]
        return list(self._ask(questionary.checkbox(message, choices=options, **self._options)))

    def confirm(self, name: str, message: str, default: bool) -> bool:
        import questionary

        return bool(self._ask(questionary.confirm(message, default=default, **self._options)))


class ScriptedPrompter:
    """Answers from a mapping of question name to answer; unscripted questions take the default.

    `asked` records every question name in order, so tests can check the flow itself.
    """

    def __init__(self, answers: Mapping[str, Any]) -> None:
        self._answers = dict(answers)
        self.asked: list[str] = []

    def _answer(self, name: str, default: Any) -> Any:
        self.asked.append(name)
        return self._answers.get(name, default)

    def text(self, name: str, message: str, default: str, validate: Validator | None = None) -> str:
        value = str(self._answer(name, default))
        problem = validate(value) if validate else None
        if problem is not None:
            raise ValueError(f"scripted answer for {name} is invalid: {problem}")
        return value

    def select(self, name: str, message: str, choices: Sequence[Choice], default: str) -> str:
        value = str(self._answer(name, default))
        if value not in {choice.value for choice in choices}:
            raise ValueError(f"scripted answer for {name} is not a choice: {value}")
        return value

    def checkbox(
        self, name: str, message: str, choices: Sequence[Choice], default: Sequence[str]
    ) -> list[str]:
        return list(self._answer(name, list(default)))

    def confirm(self, name: str, message: str, default: bool) -> bool:
        return bool(self._answer(name, default))
