"""`scaffold new`: answers -> spec -> a project on disk, all or nothing."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from scaffold import render
from scaffold.errors import AnswersError, DestinationError
from scaffold.spec import ProjectSpec, format_validation_error


@dataclass(frozen=True)
class Generated:
    """Where the project went and what it was generated from."""

    path: Path
    spec: ProjectSpec
    files: tuple[Path, ...]


def build_spec(answers: Mapping[str, Any]) -> ProjectSpec:
    """Validate answers; one line per problem, never echoing values."""
    try:
        return ProjectSpec.model_validate(dict(answers))
    except ValidationError as error:
        raise AnswersError(f"invalid answers: {format_validation_error(error)}") from None


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


def generate(spec: ProjectSpec, destination: Path, *, force: bool = False) -> Generated:
    """Render into a staging directory, then move the result into place.

    A failure while rendering leaves the destination exactly as it was.
    """
    destination = destination.resolve()
    check_destination(destination, force=force)
    staging = Path(tempfile.mkdtemp(prefix=".scaffold-", dir=destination.parent))
    try:
        render.render(spec.template_data(), staging)
        files = tuple(
            sorted(path.relative_to(staging) for path in staging.rglob("*") if path.is_file())
        )
        if not destination.exists():
            staging.rename(destination)
        else:
            _merge_into(staging, destination, files)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return Generated(path=destination, spec=spec, files=files)


def _merge_into(staging: Path, destination: Path, files: tuple[Path, ...]) -> None:
    """Copy rendered files over an existing directory; never delete anything there."""
    for relative in files:
        target = destination / relative
        if target.is_dir():
            raise DestinationError(
                f"{target} is a directory where the template writes a file; move it away"
            )
    for relative in files:
        target = destination / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(staging / relative, target)
