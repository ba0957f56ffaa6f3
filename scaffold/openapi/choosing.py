"""Choosing on a terminal: operations grouped by tag, searchable, destructive ones confirmed;
then, if the user wants, each action's result fields.

The questions go through a `Prompter` (scaffold/prompts.py, the only module that imports
questionary), so tests drive them with a ScriptedPrompter.
"""

from __future__ import annotations

from collections.abc import Sequence

from scaffold.errors import OpenAPIError
from scaffold.openapi.document import Document
from scaffold.openapi.operations import Operation, identify, list_operations, select
from scaffold.openapi.plan import offered_result_fields
from scaffold.prompts import Choice, Prompter


def _label(op: Operation) -> str:
    summary = f"  {op.summary[:70]}" if op.summary else ""
    warning = "  (destructive)" if op.destructive else ""
    return f"{op.method:<6} {op.path}{summary}{warning}"


def operation_choices(operations: Sequence[Operation]) -> list[Choice]:
    """One choice per operation, grouped under its first tag (untagged ones last)."""
    grouped = sorted(
        enumerate(operations), key=lambda item: (not item[1].tags, item[1].tags[:1], item[0])
    )
    return [
        Choice(value=identify(op), label=_label(op), group=op.tags[0] if op.tags else "untagged")
        for _, op in grouped
    ]


def ask_operations(prompter: Prompter, operations: Sequence[Operation]) -> list[str]:
    """The operations the user picks; each destructive one needs its own yes."""
    picked = prompter.checkbox(
        "openapi_operations",
        "Which operations should become actions? (space to pick, type to search)",
        operation_choices(operations),
        [],
    )
    by_id = {identify(op): op for op in operations}
    chosen = []
    for name in picked:
        op = by_id[name]
        if op.destructive and not prompter.confirm(
            "confirm_destructive",
            f"{op.label} removes or ends something upstream. Expose it as an action?",
            False,
        ):
            prompter.note(f"left out {op.label}")
            continue
        chosen.append(name)
    if not chosen:
        raise OpenAPIError("no operation chosen; pick at least one (or pass --operation OP)")
    return chosen


def ask_result_fields(
    prompter: Prompter, document: Document, operations: Sequence[str]
) -> dict[str, list[str]]:
    """Per operation, the result fields the user picks; empty when the defaults are kept."""
    by_name = select(list_operations(document), operations)
    offered = {identify(op): offered_result_fields(document, op, prompter.note) for op in by_name}
    offered = {name: fields for name, fields in offered.items() if fields}
    if not offered or not prompter.confirm(
        "openapi_result_fields",
        "Choose which response fields each action returns? (otherwise: identifiers and "
        "required fields)",
        False,
    ):
        return {}
    picked: dict[str, list[str]] = {}
    for name, fields in offered.items():
        default = [field.path for field in fields if field.default]
        chosen = prompter.checkbox(
            f"openapi_result_fields.{name}",
            f"Fields {name} returns (space to pick, type to search)",
            [Choice(value=field.path, label=field.path) for field in fields],
            default,
        )
        if not chosen:
            prompter.note(f"{name}: nothing picked, so it returns its default fields")
        elif chosen != default:
            picked[name] = chosen
    return picked
