"""Rendering and updating with copier: the only module that imports copier."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from importlib.resources import files
from pathlib import Path
from typing import Any

from scaffold.errors import RenderError, ScaffoldError, UpdateError
from scaffold.updating import answers_file
from scaffold.updating.answers_file import ANSWERS_FILE
from scaffold.updating.template_cache import TemplateRef, recorded_source, snapshot


def template_dir() -> Path:
    """The copier template: packaged in the wheel, or `template/` in a source checkout."""
    packaged = Path(str(files("scaffold"))) / "_template"
    if (packaged / "copier.yml").is_file():
        return packaged
    checkout = Path(__file__).resolve().parent.parent / "template"
    if (checkout / "copier.yml").is_file():
        return checkout
    raise RenderError("the scaffold template is missing from this installation; reinstall scaffold")


def installed_template() -> TemplateRef:
    """The installed template as a tagged snapshot in the local template repository."""
    return snapshot(template_dir())


@contextmanager
def _copier_errors(action: str) -> Iterator[None]:
    from copier.errors import CopierError, UserMessageError

    try:
        yield
    except ScaffoldError:
        raise
    except UserMessageError as error:
        message = " ".join(str(error).split())
        raise UpdateError(f"copier refused to {action}: {message}") from error
    except CopierError as error:
        raise RenderError(f"the template failed to {action}: {error}") from error
    except Exception as error:  # a template bug; still one line and an exit code for the user
        raise RenderError(
            f"the template failed to {action} ({type(error).__name__}: {error}); please report it"
        ) from error


def render(
    data: dict[str, Any],
    destination: Path,
    *,
    overwrite: bool = False,
    source: TemplateRef | None = None,
) -> None:
    """Render the template with `data` into `destination` (no prompts, no tasks).

    The default source is the installed template's snapshot, so the project records a version
    tag and can be updated later. A snapshot repository is recorded by its machine-free name
    (template_cache.PORTABLE_SOURCE), any other source as given.
    """
    import copier

    with _copier_errors("render"):
        if source is not None:
            _copy(copier, source.url, destination, data, ref=source.ref, overwrite=overwrite)
            _keep_source_portable(destination)
            return
        # The snapshot holds exactly the packaged template, so render from the plain directory
        # (copier runs a git subprocess per file for a git source) and record the snapshot as
        # the source, byte for byte what rendering from it would have written
        # (tests/test_render_source.py compares the two).
        template = installed_template()
        _copy(copier, str(template_dir()), destination, data, ref=None, overwrite=overwrite)
        answers_file.record_source(destination, recorded_source(template.url), template.ref)


def _copy(
    copier: Any,
    url: str,
    destination: Path,
    data: dict[str, Any],
    *,
    ref: str | None,
    overwrite: bool,
) -> None:
    copier.run_copy(
        url,
        str(destination),
        data=data,
        vcs_ref=ref,
        defaults=True,
        overwrite=overwrite,
        unsafe=False,
        quiet=True,
        skip_tasks=True,
    )


def _keep_source_portable(project: Path) -> None:
    """copier records this machine's path of the snapshot repository; record the portable name."""
    if not (project / ANSWERS_FILE).is_file():
        return
    url = str(answers_file.read(project).get(answers_file.SOURCE_KEY) or "")
    if url and recorded_source(url) != url:
        answers_file.record_source(project, recorded_source(url))


def update(project: Path, data: dict[str, Any], *, vcs_ref: str | None) -> None:
    """copier's 3-way update of a clean git project in place, conflicts written inline.

    The template source is the project's recorded `_src_path`; `data` overrides its answers.
    """
    import copier

    with _copier_errors("update"):
        copier.run_update(
            str(project),
            data=data,
            vcs_ref=vcs_ref,
            defaults=True,
            overwrite=True,
            conflict="inline",
            unsafe=False,
            quiet=True,
            skip_tasks=True,
        )
        _keep_source_portable(project)
