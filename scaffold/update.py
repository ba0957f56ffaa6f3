"""Updating a generated project: plan in a scratch clone, show or apply the resulting patch.

copier's 3-way update needs a clean git project and writes into it. scaffold never lets it touch
the user's tree directly: it clones the project's repository into a temporary directory, points
the recorded `_src_path` at the template source to use (the local snapshot repository unless
--template says otherwise), runs copier's update there, and turns the outcome into one binary
patch against the user's HEAD. A dry run prints that patch; a real run applies it with
`git apply`. Either way the plan also lists conflicts (copier's inline markers) and the
follow-ups a human must do (new settings in .env.example, removed files, a reinstall).
"""

from __future__ import annotations

import re
import subprocess
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from scaffold import render, template_source
from scaffold.errors import UpdateError
from scaffold.render import ANSWERS_FILE
from scaffold.template_source import TemplateRef

CONFLICT_MARKERS = (b"<<<<<<< before updating", b">>>>>>> after updating")
_SETTING = re.compile(r"^\s*#?\s*([A-Z][A-Z0-9_]*)=", re.MULTILINE)
_IDENTITY = ("-c", "user.name=scaffold", "-c", "user.email=scaffold@localhost")
_SHOWN_DIRTY = 10

Answers = dict[str, Any]
Transform = Callable[[Answers], Answers]


@dataclass(frozen=True)
class Change:
    """One file the update adds, modifies or deletes (path relative to the project)."""

    status: str
    path: str


@dataclass(frozen=True)
class UpdatePlan:
    """What an update would do, computed without touching the project."""

    project: Path
    toplevel: Path
    base: str
    from_ref: str
    to_ref: str
    patch: bytes
    changes: tuple[Change, ...]
    conflicts: tuple[str, ...]
    follow_ups: tuple[str, ...]

    @property
    def empty(self) -> bool:
        """True when the project is already what the update would make it."""
        return not self.patch.strip()


def _git(cwd: Path, *args: str, stdin: bytes | None = None, check: bool = True) -> bytes:
    done = subprocess.run(["git", *args], cwd=cwd, input=stdin, capture_output=True)
    if check and done.returncode != 0:
        detail = (done.stderr or done.stdout).decode(errors="replace").strip().splitlines()
        raise UpdateError(
            f"git {args[0]} failed in {cwd} ({detail[-1] if detail else done.returncode}); "
            "check the repository with `git status`"
        )
    return done.stdout


def _text(cwd: Path, *args: str) -> str:
    return _git(cwd, *args).decode().strip()


def read_answers(project: Path) -> Answers:
    """The answers recorded in the project's .copier-answers.yml."""
    path = project / ANSWERS_FILE
    if not path.is_file():
        raise UpdateError(
            f"{project} has no {ANSWERS_FILE}; run this in a project made by `scaffold new`"
        )
    try:
        answers = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError:
        raise UpdateError(f"{path} is not valid YAML; restore it with `git checkout`") from None
    if not isinstance(answers, dict):
        raise UpdateError(f"{path} holds no answers; restore it with `git checkout`")
    return answers


def user_answers(recorded: Answers) -> Answers:
    """The answers proper, without copier's `_src_path`/`_commit` bookkeeping."""
    return {key: value for key, value in recorded.items() if not str(key).startswith("_")}


def _toplevel(project: Path) -> Path:
    done = subprocess.run(
        ["git", "rev-parse", "--show-toplevel"], cwd=project, capture_output=True, text=True
    )
    if done.returncode != 0:
        raise UpdateError(
            f"{project} is not in a git repository; updates need one to merge safely: "
            "git init && git add -A && git commit -m 'Before update'"
        )
    return Path(done.stdout.strip()).resolve()


def _refuse_dirty(toplevel: Path, project: Path) -> None:
    status = _git(toplevel, "status", "--porcelain", "--untracked-files=all", "--", str(project))
    dirty = [line[3:] for line in status.decode().splitlines() if line.strip()]
    if dirty:
        shown = ", ".join(dirty[:_SHOWN_DIRTY])
        more = f" and {len(dirty) - _SHOWN_DIRTY} more" if len(dirty) > _SHOWN_DIRTY else ""
        raise UpdateError(
            f"uncommitted changes in {shown}{more}; commit or stash them first so the update "
            "can be reviewed and undone"
        )


def _version(ref: str) -> Any:
    from packaging.version import InvalidVersion, Version

    try:
        return Version(ref.removeprefix("v"))
    except InvalidVersion:
        return None


def refuse_downgrade(from_ref: str, to_ref: str) -> None:
    """A project is never moved to an older template than the one it was generated from."""
    old, new = _version(from_ref), _version(to_ref)
    if old is not None and new is not None and new < old:
        raise UpdateError(
            f"the project uses template {from_ref}, newer than {to_ref}; upgrade scaffold "
            "(pip install -U scaffold) or pass --vcs-ref with a newer version"
        )


def resolve_source(
    recorded: Answers,
    *,
    template: str | None,
    vcs_ref: str | None,
    installed: Callable[[], TemplateRef],
) -> TemplateRef:
    """Which template source and ref to update to."""
    if template is not None:
        local = Path(template).expanduser()
        url = str(local.resolve()) if local.exists() else template
        return TemplateRef(url, vcs_ref)
    recorded_src = str(recorded.get("_src_path") or "")
    if not recorded_src or template_source.is_scaffold_repository(recorded_src):
        current = installed()
        return TemplateRef(current.url, vcs_ref or current.ref)
    return TemplateRef(recorded_src, vcs_ref)


def plan(
    project: Path,
    *,
    transform: Transform,
    template: str | None = None,
    vcs_ref: str | None = None,
    installed: Callable[[], TemplateRef] = render.installed_template,
) -> UpdatePlan:
    """Compute the update (answers changed by `transform`) without touching `project`."""
    project = project.resolve()
    if not project.is_dir():
        raise UpdateError(f"{project} is not a directory; pass the project's path")
    recorded = read_answers(project)
    toplevel = _toplevel(project)
    _refuse_dirty(toplevel, project)
    from_ref = str(recorded.get("_commit") or "")
    if not from_ref:
        raise UpdateError(
            f"{ANSWERS_FILE} records no template version (_commit), so there is nothing to "
            "merge against; regenerate the project with a current scaffold"
        )
    source = resolve_source(recorded, template=template, vcs_ref=vcs_ref, installed=installed)
    if source.ref is not None:
        refuse_downgrade(from_ref, source.ref)
    template_source.ensure_ref(source.url, from_ref)
    data = transform(user_answers(recorded))
    base = _text(toplevel, "rev-parse", "HEAD")
    relative = project.relative_to(toplevel)
    with tempfile.TemporaryDirectory(prefix="scaffold-update-") as scratch:
        clone = Path(scratch) / "project"
        _git(
            Path(scratch), "clone", "--quiet", "--shared", "--no-checkout", str(toplevel), "project"
        )
        _git(clone, "checkout", "--quiet", "--detach", base)
        work = clone / relative
        _point_at_source(clone, work, recorded, source.url)
        render.update(work, data, vcs_ref=source.ref)
        return _collect(project, toplevel, clone, work, base, from_ref)


def _point_at_source(clone: Path, work: Path, recorded: Answers, url: str) -> None:
    """Record `url` as the template source in the scratch clone (copier reads it from there)."""
    answers = {**recorded, "_src_path": url}
    (work / ANSWERS_FILE).write_text(
        yaml.safe_dump(answers, sort_keys=False, allow_unicode=True), encoding="utf-8"
    )
    _git(clone, *_IDENTITY, "commit", "--quiet", "--allow-empty", "--no-verify", "-am", "source")


def _collect(
    project: Path, toplevel: Path, clone: Path, work: Path, base: str, from_ref: str
) -> UpdatePlan:
    _git(clone, "add", "--all")
    patch = _git(clone, "diff", "--cached", "--binary", "--no-color", "--no-ext-diff", base)
    listing = _git(clone, "diff", "--cached", "--name-status", "--no-renames", "-z", base)
    prefix = work.relative_to(clone).as_posix()
    fields = listing.decode().split("\0")
    changes: list[Change] = []
    for code, path in zip(fields[0::2], fields[1::2], strict=False):
        shown = path.removeprefix(prefix + "/") if prefix != "." else path
        status = {"A": "added", "D": "deleted"}.get(code[:1], "modified")
        changes.append(Change(status, shown))
    conflicts = tuple(
        change.path
        for change in changes
        if change.status != "deleted" and _has_conflict(work / change.path)
    )
    new_answers = read_answers(work)
    return UpdatePlan(
        project=project,
        toplevel=toplevel,
        base=base,
        from_ref=from_ref,
        to_ref=str(new_answers.get("_commit") or ""),
        patch=patch,
        changes=tuple(changes),
        conflicts=conflicts,
        follow_ups=tuple(_follow_ups(clone, work, base, changes)),
    )


def _has_conflict(path: Path) -> bool:
    if path.suffix == ".rej":
        return True
    try:
        lines = path.read_bytes().splitlines()
    except OSError:
        return False
    return any(line.rstrip() in CONFLICT_MARKERS for line in lines)


def _settings(text: str) -> set[str]:
    return set(_SETTING.findall(text))


def _follow_ups(clone: Path, work: Path, base: str, changes: Iterable[Change]) -> list[str]:
    """What a human has to do after this update, beyond reviewing the diff."""
    notes: list[str] = []
    by_path = {change.path: change.status for change in changes}
    if by_path.get(".env.example") in {"added", "modified"}:
        prefix = work.relative_to(clone).as_posix()
        old_path = ".env.example" if prefix == "." else f"{prefix}/.env.example"
        old = _git(clone, "show", f"{base}:{old_path}", check=False).decode(errors="replace")
        new = (work / ".env.example").read_text(encoding="utf-8", errors="replace")
        added = sorted(_settings(new) - _settings(old))
        if added:
            notes.append(
                f"new settings in .env.example: {', '.join(added)}; add them to your .env "
                "and to the deployment's environment"
            )
    removed = sorted(path for path, status in by_path.items() if status == "deleted")
    if removed:
        notes.append(
            f"removed by the template: {', '.join(removed)}; check nothing of yours still uses them"
        )
    if by_path.get("pyproject.toml") == "modified":
        notes.append("pyproject.toml changed: reinstall with pip install -e '.[test]'")
    return notes


def apply(update: UpdatePlan) -> None:
    """Apply a plan to the project it was computed for, if that project has not moved on."""
    _refuse_dirty(update.toplevel, update.project)
    head = _text(update.toplevel, "rev-parse", "HEAD")
    if head != update.base:
        raise UpdateError("the project changed while the update was prepared; run it again")
    if update.empty:
        return
    _git(update.toplevel, "apply", "--binary", "--whitespace=nowarn", "-", stdin=update.patch)


def tree_hash(directory: Path) -> str:
    """A content hash of every file below `directory` (git excluded), to prove a no-op."""
    import hashlib

    digest = hashlib.sha256()
    for path in sorted(directory.rglob("*")):
        if ".git" in path.relative_to(directory).parts or not path.is_file():
            continue
        digest.update(path.relative_to(directory).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()
