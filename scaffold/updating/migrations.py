"""Migrations of recorded answers, run by scaffold before copier sees them.

How the questionnaire evolves without breaking existing projects:

- A NEW question needs no migration: its default must reproduce what projects generated before
  it existed already do (e.g. a new feature flag defaults to off, a new option to the old
  behaviour). Answers recorded before it simply lack it and take that default on update.
- A question that is RENAMED, SPLIT, or whose values CHANGE MEANING bumps
  `ANSWERS_SCHEMA_VERSION` (scaffold/spec.py; also the default in template/copier.yml) and adds
  a function here that turns answers of the previous version into the new layout.

Migrations are plain Python on the answers mapping: no copier `_migrations`, no template code
that runs on the user's machine. `scaffold update` and `scaffold add` migrate the recorded answers,
validate them as a ProjectSpec, and hand the result to copier as the new answers; the old
template version is still rendered from the answers exactly as recorded, so copier's 3-way
diff compares like with like.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from scaffold.errors import UpdateError
from scaffold.spec import ANSWERS_SCHEMA_VERSION

Answers = dict[str, Any]
Migration = Callable[[Answers], Answers]

FIELD = "answers_schema_version"

# MIGRATIONS[n] turns answers of schema version n into version n + 1.
MIGRATIONS: dict[int, Migration] = {}


def recorded_version(answers: Mapping[str, Any]) -> int:
    """The schema version answers were recorded with (1 when absent: before versioning)."""
    raw = answers.get(FIELD, 1)
    try:
        return int(raw)
    except (TypeError, ValueError):
        raise UpdateError(
            f"{FIELD} in .copier-answers.yml is {raw!r}, not a number; restore it from git"
        ) from None


def migrate(
    answers: Mapping[str, Any],
    *,
    migrations: Mapping[int, Migration] | None = None,
    target: int = ANSWERS_SCHEMA_VERSION,
) -> Answers:
    """Bring answers of any earlier schema version up to `target`, one step at a time."""
    steps = MIGRATIONS if migrations is None else migrations
    version = recorded_version(answers)
    if version > target:
        raise UpdateError(
            f"these answers use schema version {version}, newer than this scaffold knows "
            f"({target}); upgrade scaffold: pip install -U scaffold"
        )
    migrated = dict(answers)
    while version < target:
        step = steps.get(version)
        if step is None:
            raise UpdateError(
                f"no migration of answers from schema version {version}; please report it"
            )
        migrated = step(dict(migrated))
        version += 1
        migrated[FIELD] = version
    migrated[FIELD] = target
    return migrated
