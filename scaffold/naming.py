"""Project names: turn what the user typed into a directory slug and a Python package name.

Rules are strict on purpose: the package name ends up in imports, console commands, URLs and
the SDK's module path, so anything ambiguous is rejected with a suggestion instead of guessed.
"""

from __future__ import annotations

import keyword
import re
import sys
from dataclasses import dataclass

MAX_NAME_LENGTH = 40

# Packages a generated project imports: naming the project after one would shadow it.
_SHADOWED_DEPENDENCIES = frozenset(
    {
        "integrations_sdk",
        "challenger_sdk",
        "fastapi",
        "starlette",
        "pydantic",
        "pydantic_settings",
        "httpx",
        "uvicorn",
        "redis",
        "requests",
        "pytest",
        "hypothesis",
        "tests",
        "test",
        "src",
    }
)


class InvalidNameError(ValueError):
    """The name cannot be used; the message says why and what to use instead."""


@dataclass(frozen=True)
class ProjectNames:
    """The names derived from one project name."""

    slug: str  # directory and distribution name: lowercase words joined by "-"
    package: str  # Python import name: the slug with "_"
    title: str  # human title: "acme-tickets" -> "Acme Tickets"
    normalised_from: str | None  # what the user typed, when it differs from the slug


def slugify(raw: str) -> str:
    """Lowercase ASCII words joined by single dashes: "My Project!" -> "my-project"."""
    return re.sub(r"[^a-z0-9]+", "-", raw.strip().lower()).strip("-")


def derive_names(raw: str) -> ProjectNames:
    """Validate a project name and derive its slug, package name and title.

    Raises InvalidNameError with a one-line reason and, where possible, a suggestion.
    """
    if not raw.strip():
        raise InvalidNameError("the project name is empty; give a name such as 'acme-tickets'")
    if len(raw) > MAX_NAME_LENGTH:
        raise InvalidNameError(
            f"the project name is {len(raw)} characters long; use at most {MAX_NAME_LENGTH}"
        )
    slug = slugify(raw)
    if not slug:
        raise InvalidNameError(
            f"{raw!r} has no letters or digits; give a name such as 'acme-tickets'"
        )
    package = slug.replace("-", "_")
    if package[0].isdigit():
        raise InvalidNameError(
            f"{raw!r} starts with a digit, which a Python package name cannot; "
            f"try 'integration-{slug}'"
        )
    if keyword.iskeyword(package) or keyword.issoftkeyword(package):
        raise InvalidNameError(
            f"{raw!r} is a Python keyword and cannot be a package name; try '{slug}-integration'"
        )
    if package in sys.stdlib_module_names or package in _SHADOWED_DEPENDENCIES:
        raise InvalidNameError(
            f"{raw!r} would shadow the module {package!r} that generated projects import; "
            f"try '{slug}-integration'"
        )
    title = " ".join(word.capitalize() for word in slug.split("-"))
    return ProjectNames(
        slug=slug, package=package, title=title, normalised_from=raw if raw != slug else None
    )
