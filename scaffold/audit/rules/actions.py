"""SCF5xx: action surface. Narrow, explicit names; destructive actions say so in their docs."""

from __future__ import annotations

from collections.abc import Iterator

from scaffold.audit.model import Finding, Rule, Severity
from scaffold.audit.project import Project
from scaffold.audit.rules.base import finding
from scaffold.audit.source import SourceFile
from scaffold.audit.syntax import is_none, string_value

VAGUE_ACTION_NAME = Rule(
    id="SCF501",
    name="vague-action-name",
    severity=Severity.LOW,
    checklist="Actions are explicit and narrow (create_ticket, close_ticket, not manage_ticket).",
    summary="An action name hides what it does (manage_*, handle_*, do_*).",
    hint="Split it into one action per verb, e.g. create_ticket, update_ticket, close_ticket.",
)

DESTRUCTIVE_ACTION_UNDOCUMENTED = Rule(
    id="SCF502",
    name="destructive-action-undocumented",
    severity=Severity.MEDIUM,
    checklist="Destructive actions are clearly named and documented as such.",
    summary="A destructive action (delete_*, close_*, remove_*, ...) has no docs=.",
    hint=(
        "Add docs= saying what is destroyed or closed, whether it can be undone, its "
        "idempotency and the upstream scope it needs."
    ),
)

RULES = (VAGUE_ACTION_NAME, DESTRUCTIVE_ACTION_UNDOCUMENTED)

_VAGUE_PREFIXES = ("manage_", "handle_", "do_")
_DESTRUCTIVE_PREFIXES = (
    "delete_", "remove_", "close_", "destroy_", "purge_", "revoke_", "cancel_", "wipe_", "erase_",
)  # fmt: skip


def check_action_names(source: SourceFile, project: Project) -> Iterator[Finding]:
    """SCF501 and SCF502 on every @workflow_action in the file."""
    for action in project.sdk(source).actions:
        name = action.name
        if name.startswith(_VAGUE_PREFIXES) or name in {"manage", "handle", "do"}:
            yield finding(
                VAGUE_ACTION_NAME,
                source,
                action.function,
                f"action `{name}` does not say which single operation it performs",
            )
        if name.startswith(_DESTRUCTIVE_PREFIXES):
            docs = action.option("docs")
            if docs is None or is_none(docs) or (string_value(docs) or "x").strip() == "":
                yield finding(
                    DESTRUCTIVE_ACTION_UNDOCUMENTED,
                    source,
                    action.function,
                    f"destructive action `{name}` has no docs= describing its effect",
                )


CHECKS = (check_action_names,)
