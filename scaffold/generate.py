"""`scaffold new`: answers -> spec -> a project on disk, all or nothing."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from scaffold import render
from scaffold.errors import DestinationError
from scaffold.postgen import git_installed
from scaffold.spec import ProjectSpec
from scaffold.updating.template_cache import TemplateRef


@dataclass(frozen=True)
class Generated:
    """Where the project went and what it was generated from."""

    path: Path
    spec: ProjectSpec
    files: tuple[Path, ...]
    # False when git was missing: the project records no template version to update from.
    versioned: bool = True


def check_destination(destination: Path, *, force: bool) -> None:
    """Refuse a destination we would have to overwrite without --force, or cannot use."""
    if destination.exists() and not destination.is_dir():
        raise DestinationError(f"{destination} exists and is not a directory")
    if destination.is_dir() and any(destination.iterdir()) and not force:
        raise DestinationError(
            f"{destination} is not empty; choose another directory, or pass --force to "
            "overwrite the files the template generates (nothing is deleted)"
        )
    parent = destination.parent
    if not parent.exists():
        raise DestinationError(f"the parent directory {parent} does not exist")
    if not os.access(parent, os.W_OK):
        raise DestinationError(f"cannot write in {parent}")


def generate(
    spec: ProjectSpec,
    destination: Path,
    *,
    force: bool = False,
    before_overwrite: Callable[[Sequence[Path]], None] = lambda _files: None,
    extra_files: Mapping[str, bytes] | None = None,
) -> Generated:
    """Render into a staging directory, then move the result into place.

    A failure while rendering leaves the destination exactly as it was. With `force`, files
    of an existing destination that the template replaces are passed to `before_overwrite`
    (relative paths) before anything there is written. `extra_files` (relative path ->
    bytes, e.g. the OpenAPI slice) are written beside the rendered files, in the same step.
    """
    destination = destination.resolve()
    check_destination(destination, force=force)
    versioned = git_installed()
    # mkdtemp makes a private (0700) directory; the project inside it is made by mkdir, so
    # it gets the mode the user's umask gives, like any directory they create.
    staging = Path(tempfile.mkdtemp(prefix=".scaffold-", dir=destination.parent))
    try:
        rendered = staging / destination.name
        rendered.mkdir()
        render.render(spec.template_data(), rendered, source=None if versioned else _plain())
        for relative, content in (extra_files or {}).items():
            (rendered / relative).parent.mkdir(parents=True, exist_ok=True)
            (rendered / relative).write_bytes(content)
        files = tuple(
            sorted(path.relative_to(rendered) for path in rendered.rglob("*") if path.is_file())
        )
        if not destination.exists():
            rendered.rename(destination)
        else:
            _merge_into(rendered, destination, files, before_overwrite)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return Generated(path=destination, spec=spec, files=files, versioned=versioned)


def _plain() -> TemplateRef:
    """The packaged template as a plain directory: renders without git, records no version."""
    return TemplateRef(str(render.template_dir()), None)


def _merge_into(
    rendered: Path,
    destination: Path,
    files: tuple[Path, ...],
    before_overwrite: Callable[[Sequence[Path]], None],
) -> None:
    """Copy rendered files over an existing directory; never delete anything there."""
    for relative in files:
        target = destination / relative
        if target.is_dir():
            raise DestinationError(
                f"{target} is a directory where the template writes a file; move it away"
            )
    # A file that already holds exactly the rendered bytes is left alone, not "overwritten".
    changed = [
        relative
        for relative in files
        if not (destination / relative).exists()
        or (destination / relative).read_bytes() != (rendered / relative).read_bytes()
    ]
    replaced = [relative for relative in changed if (destination / relative).exists()]
    if replaced:
        before_overwrite(replaced)
    for relative in changed:
        target = destination / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(rendered / relative, target)
