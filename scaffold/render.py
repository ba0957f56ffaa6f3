"""Rendering the template: the only module that imports copier."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path
from typing import Any

from scaffold.errors import RenderError


def template_dir() -> Path:
    """The copier template: packaged in the wheel, or `template/` in a source checkout."""
    packaged = Path(str(files("scaffold"))) / "_template"
    if (packaged / "copier.yml").is_file():
        return packaged
    checkout = Path(__file__).resolve().parent.parent / "template"
    if (checkout / "copier.yml").is_file():
        return checkout
    raise RenderError("the scaffold template is missing from this installation; reinstall scaffold")


def render(data: dict[str, Any], destination: Path, *, overwrite: bool = False) -> None:
    """Render the template with `data` into `destination` (no prompts, no tasks)."""
    import copier
    from copier.errors import CopierError

    try:
        copier.run_copy(
            str(template_dir()),
            str(destination),
            data=data,
            defaults=True,
            overwrite=overwrite,
            unsafe=False,
            quiet=True,
            skip_tasks=True,
        )
    except CopierError as error:
        raise RenderError(f"the template failed to render: {error}") from error
    except Exception as error:  # a template bug; still one line and an exit code for the user
        raise RenderError(
            f"the template failed to render ({type(error).__name__}: {error}); please report it"
        ) from error
