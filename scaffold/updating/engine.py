"""Updating a generated project: plan in a scratch clone, show or apply the resulting patch.

copier's 3-way update needs a clean git project and writes into it. scaffold never lets it touch
the user's tree directly: it clones the project's repository into a temporary directory, points
the recorded `_src_path` at the template source to use (this machine's snapshot repository
unless --template says otherwise), runs copier's update there, and turns the outcome into one
binary patch against the user's HEAD. A dry run prints that patch; a real run applies it with
`git apply`. Either way the plan also lists conflicts (copier's inline markers) and the
follow-ups a human must do (new settings in .env.example, removed files, a reinstall).
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scaffold import render
from scaffold.errors import UpdateError
from scaffold.updating import answers_file, git, template_cache
from scaffold.updating.answers_file import ANSWERS_FILE, Answers
from scaffold.updating.template_cache import TemplateRef

CONFLICT_MARKERS = (b"<<<<<<< before updating", b">>>>>>> after updating")
_SETTING = re.compile(r"^\s*#?\s*([A-Z][A-Z0-9_]*)=", re.MULTILINE)
_IDENTITY = ("-c", "user.name=scaffold", "-c", "user.email=scaffold@localhost")
_SHOWN_DIRTY = 10

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


def _toplevel(project: Path) -> Path:
    done = git.call(project, "rev-parse", "--show-toplevel")
    if done.returncode != 0:
        raise UpdateError(
            f"{project} is not in a git repository; updates need one to merge safely: "
            "git init && git add -A && git commit -m 'Before update'"
        )
    return Path(done.stdout.decode().strip()).resolve()


def _refuse_dirty(toplevel: Path, project: Path) -> None:
    status = git.run(toplevel, "status", "--porcelain", "--untracked-files=all", "--", str(project))
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
    if not recorded_src or template_cache.is_scaffold_repository(recorded_src):
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
    extra_files: Mapping[str, bytes] | None = None,
) -> UpdatePlan:
    """Compute the update (answers changed by `transform`) without touching `project`.

    `extra_files` (relative to the project) are written with the rendered files, into the patch.
    """
    project = project.resolve()
    if not project.is_dir():
        raise UpdateError(f"{project} is not a directory; pass the project's path")
    recorded = answers_file.read(project)
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
    template_cache.ensure_ref(source.url, from_ref)
    data = transform(answers_file.user_answers(recorded))
    base = git.text(toplevel, "rev-parse", "HEAD")
    relative = project.relative_to(toplevel)
    with tempfile.TemporaryDirectory(prefix="scaffold-update-") as scratch:
        clone = Path(scratch) / "project"
        git.run(
            Path(scratch), "clone", "--quiet", "--shared", "--no-checkout", str(toplevel), "project"
        )
        git.run(clone, "checkout", "--quiet", "--detach", base)
        work = clone / relative
        _point_at_source(clone, work, source.url)
        render.update(work, data, vcs_ref=source.ref)
        for name, content in (extra_files or {}).items():
            (work / name).parent.mkdir(parents=True, exist_ok=True)
            (work / name).write_bytes(content)
        return _collect(project, toplevel, clone, work, base, from_ref)


def _point_at_source(clone: Path, work: Path, url: str) -> None:
    """Record `url` as the template source in the scratch clone (copier reads it from there)."""
    answers_file.record_source(work, url)
    git.run(clone, *_IDENTITY, "commit", "--quiet", "--allow-empty", "--no-verify", "-am", "source")


def _collect(
    project: Path, toplevel: Path, clone: Path, work: Path, base: str, from_ref: str
) -> UpdatePlan:
    git.run(clone, "add", "--all")
    patch = git.run(clone, "diff", "--cached", "--binary", "--no-color", "--no-ext-diff", base)
    listing = git.run(clone, "diff", "--cached", "--name-status", "--no-renames", "-z", base)
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
    new_answers = answers_file.read(work)
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
        old = git.call(clone, "show", f"{base}:{old_path}").stdout.decode(errors="replace")
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
    head = git.text(update.toplevel, "rev-parse", "HEAD")
    if head != update.base:
        raise UpdateError("the project changed while the update was prepared; run it again")
    if update.empty:
        return
    git.run(update.toplevel, "apply", "--binary", "--whitespace=nowarn", "-", stdin=update.patch)


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
