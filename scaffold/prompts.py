"""Asking the user: the only module that imports questionary.

Everything else talks to a `Prompter`, so tests drive the same flow with `ScriptedPrompter`
(answers by question name) and never need a terminal.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from scaffold import console
from scaffold.errors import PromptAborted

__all__ = [
    "Choice",
    "PromptAborted",
    "Prompter",
    "QuestionaryPrompter",
    "Replies",
    "ScriptedPrompter",
    "Validator",
]

Validator = Callable[[str], str | None]  # returns an error message, or None when valid


@dataclass(frozen=True)
class Choice:
    """One option of a select or checkbox question."""

    value: str
    label: str
    group: str = ""  # a heading the choice is listed under (checkbox), e.g. an OpenAPI tag


class Prompter(Protocol):
    """Asks one question at a time; `name` identifies the question for scripted answers.

    Every method raises PromptAborted when the user presses Ctrl-C or Ctrl-D.
    """

    def text(self, name: str, message: str, default: str, validate: Validator | None = None) -> str:
        """Free text; an answer `validate` refuses is explained and asked again."""

    def select(self, name: str, message: str, choices: Sequence[Choice], default: str) -> str:
        """One of `choices`."""

    def checkbox(
        self, name: str, message: str, choices: Sequence[Choice], default: Sequence[str]
    ) -> list[str]:
        """Any subset of `choices`."""

    def confirm(self, name: str, message: str, default: bool) -> bool:
        """Yes or no."""

    def note(self, message: str) -> None:
        """Tell the user something between questions (a normalised answer, a summary line)."""


class QuestionaryPrompter:
    """Interactive prompts on the terminal."""

    def __init__(self, **questionary_options: Any) -> None:
        # Extra options (input/output) let a test drive real questionary through a pipe.
        self._options = questionary_options

    def _ask(self, question: Any) -> Any:
        # unsafe_ask: questionary's ask() would print its own "Cancelled by user" line.
        try:
            answer = question.unsafe_ask()
        except (KeyboardInterrupt, EOFError):
            raise PromptAborted from None
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

        # Long lists (an OpenAPI description's operations) are searchable: type to filter.
        searchable = len(choices) > 15
        options: list[Any] = []
        for index, c in enumerate(choices):
            title = c.label
            if c.group and searchable:
                # questionary points at the first entry after each keystroke of a search, and
                # a heading there would be "picked" as None: the group goes in the title (so
                # it is searchable too) instead of a heading.
                title = f"[{c.group}] {c.label}"
            elif c.group and (index == 0 or choices[index - 1].group != c.group):
                options.append(questionary.Separator(f"── {c.group}"))
            options.append(
                questionary.Choice(title=title, value=c.value, checked=c.value in default)
            )
        question = questionary.checkbox(
            message,
            choices=options,
            use_search_filter=searchable,
            use_jk_keys=not searchable,
            **self._options,
        )
        return list(self._ask(question))

    def confirm(self, name: str, message: str, default: bool) -> bool:
        import questionary

        return bool(self._ask(questionary.confirm(message, default=default, **self._options)))

    def note(self, message: str) -> None:
        console.info(message)


class Replies(tuple[Any, ...]):
    """Scripted answers to one question, one per time it is asked (a retry takes the next)."""

    def __new__(cls, *answers: Any) -> Replies:
        return super().__new__(cls, answers)


# A flow that asks one question this often is looping on a scripted answer it refuses.
_MAX_ASKS = 50


class ScriptedPrompter:
    """Answers from a mapping of question name to answer; unscripted questions take the default.

    A `Replies(...)` answer gives successive answers, e.g. `Replies("bad name", "good")`: like a
    terminal, a refused text answer is recorded in `refused` and the next one is tried; an
    exception as an answer (e.g. PromptAborted()) is raised, as Ctrl-C would. `asked` records
    every question name in order, `messages` and `defaults` each question's last text and
    default, and `notes` every note, so tests can check the flow itself.
    """

    def __init__(self, answers: Mapping[str, Any]) -> None:
        self._answers = {
            name: list(answer) if isinstance(answer, Replies) else [answer]
            for name, answer in answers.items()
        }
        self.asked: list[str] = []
        self.messages: dict[str, str] = {}
        self.defaults: dict[str, Any] = {}
        self.refused: list[tuple[str, str]] = []
        self.notes: list[str] = []

    def _next(self, name: str, message: str, default: Any) -> tuple[Any, bool]:
        """The next scripted answer to `name`, and whether a further one is scripted."""
        self.asked.append(name)
        self.messages[name] = message
        self.defaults[name] = default
        if self.asked.count(name) > _MAX_ASKS:
            raise RuntimeError(f"{name} was asked {_MAX_ASKS} times: the flow loops")
        replies = self._answers.get(name)
        if not replies:
            return default, False
        more = len(replies) > 1
        answer = replies.pop(0) if more else replies[0]
        if isinstance(answer, BaseException):  # e.g. PromptAborted: the user pressed Ctrl-C
            raise answer
        return answer, more

    def _answer(self, name: str, message: str, default: Any) -> Any:
        return self._next(name, message, default)[0]

    def text(self, name: str, message: str, default: str, validate: Validator | None = None) -> str:
        while True:
            value, more = self._next(name, message, default)
            problem = validate(str(value)) if validate else None
            if problem is None:
                return str(value)
            self.refused.append((name, problem))
            if not more:
                raise ValueError(f"scripted answer for {name} is invalid: {problem}")

    def select(self, name: str, message: str, choices: Sequence[Choice], default: str) -> str:
        value = str(self._answer(name, message, default))
        if value not in {choice.value for choice in choices}:
            raise ValueError(f"scripted answer for {name} is not a choice: {value}")
        return value

    def checkbox(
        self, name: str, message: str, choices: Sequence[Choice], default: Sequence[str]
    ) -> list[str]:
        return list(self._answer(name, message, list(default)))

    def confirm(self, name: str, message: str, default: bool) -> bool:
        return bool(self._answer(name, message, default))

    def note(self, message: str) -> None:
        self.notes.append(message)
