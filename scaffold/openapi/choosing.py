"""Choosing operations on a terminal: grouped by tag, searchable, destructive ones confirmed.

The questions go through a `Prompter` (scaffold/prompts.py, the only module that imports
questionary), so tests drive them with a ScriptedPrompter.
"""

from __future__ import annotations

from collections.abc import Sequence

from scaffold.errors import OpenAPIError
from scaffold.openapi.operations import Operation, identify
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
