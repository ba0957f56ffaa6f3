"""The user-facing flows of `scaffold update`, `add`, `remove` and `set`.

Plan (engine.py) -> show -> confirm -> apply -> say what needs a human. The CLI only
parses arguments and calls these.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from scaffold import console, evolve, sdk_pin
from scaffold.errors import ConflictError, UpdateError, UsageError
from scaffold.prompts import Prompter
from scaffold.spec import ProjectSpec
from scaffold.updating import answers_file, engine

_SYMBOLS = {"added": "+", "modified": "~", "deleted": "-"}
_MARKERS = "'<<<<<<< before updating' ... '>>>>>>> after updating'"


def _describe(plan: engine.UpdatePlan) -> None:
    for change in plan.changes:
        console.info(f"  {_SYMBOLS[change.status]} {change.path}")


def _report(plan: engine.UpdatePlan, *, applied: bool) -> None:
    if plan.follow_ups:
        console.info("Needs your attention:")
        for note in plan.follow_ups:
            console.info(f"  - {note}")
    if plan.conflicts:
        verb = "have" if applied else "would have"
        console.warning(f"{len(plan.conflicts)} file(s) {verb} conflicts:")
        for path in plan.conflicts:
            console.info(f"  ! {path}")
        if applied:
            console.info(
                f"Resolve each {_MARKERS} block (keep your code, take the template's, or merge "
                "both), then `git add` and commit. `git diff` shows everything the update did."
            )
            raise ConflictError(
                f"update applied with conflicts in {len(plan.conflicts)} file(s); resolve the "
                "markers, then commit"
            )


def _dry_run(plan: engine.UpdatePlan) -> None:
    before = engine.tree_hash(plan.project)
    console.step(f"Dry run: {plan.from_ref} -> {plan.to_ref}; these changes would be made:")
    _describe(plan)
    console.output(plan.patch.decode(errors="replace"))
    _report(plan, applied=False)
    after = engine.tree_hash(plan.project)
    if before != after:
        raise UpdateError("the dry run changed the project; please report it (see `git status`)")
    console.success(f"Nothing was written (tree hash {after[:12]} before and after).")


def update_project(path: Path, *, template: str | None, vcs_ref: str | None, dry_run: bool) -> None:
    """`scaffold update`: bring the project to the installed (or given) template version."""
    console.step(f"Preparing the update of {path.resolve()}")
    validated = evolve.transform_with(None)
    plan = engine.plan(
        path,
        # The template and the SDK it was checked against move together; a user's choice stays.
        transform=lambda recorded: validated(_openapi_rederived(path, sdk_pin.moved_pin(recorded))),
        template=template,
        vcs_ref=vcs_ref,
    )
    if plan.empty:
        console.success(f"Already up to date with template {plan.to_ref}; nothing to do.")
        return
    if dry_run:
        _dry_run(plan)
        return
    engine.apply(plan)
    console.step(f"Updated from template {plan.from_ref} to {plan.to_ref}:")
    _describe(plan)
    _report(plan, applied=True)
    console.success("Done. Review with `git diff`, run the tests, then commit.")


def _openapi_rederived(path: Path, recorded: dict[str, Any]) -> dict[str, Any]:
    """The OpenAPI plan re-derived from the project's stored slice (offline), if it has one."""
    if not recorded.get("openapi_operations"):
        return recorded
    from scaffold import openapi  # the validator and resolver load only for such projects

    return openapi.rederived(path.resolve(), recorded)


def project_spec(path: Path) -> ProjectSpec:
    """The project's current answers, migrated and validated."""
    return evolve.current_spec(answers_file.user_answers(answers_file.read(path.resolve())))


def change_project(
    path: Path,
    choose: Callable[[ProjectSpec], evolve.Edit],
    *,
    yes: bool,
    dry_run: bool,
    prompter: Prompter | None,
) -> None:
    """`scaffold add` / `remove` / `set`: change the answers and merge the re-rendered result.

    `prompter` is None without a terminal; then `yes` must be given (or `dry_run`).
    """
    if prompter is None and not yes and not dry_run:
        raise UsageError("no terminal to confirm on; pass --yes to apply (or --dry-run to preview)")
    edit = choose(project_spec(path))
    console.step(f"Preparing the {edit.summary}")
    plan = engine.plan(path, transform=evolve.transform_with(edit), extra_files=edit.files)
    if plan.empty:
        console.success("The project already has it; nothing to do.")
        return
    if dry_run:
        _dry_run(plan)
        return
    console.info(f"The {edit.summary} changes these files:")
    _describe(plan)
    if not yes:
        assert prompter is not None  # noqa: S101 - guaranteed by the check above
        if not prompter.confirm("confirm", "Apply these changes?", True):
            console.info("Nothing was changed.")
            return
    engine.apply(plan)
    _report(plan, applied=True)
    console.success(f"Applied the {edit.summary}. Review with `git diff`, run the tests, commit.")
