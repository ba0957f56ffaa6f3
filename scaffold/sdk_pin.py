"""The integrations_sdk commit scaffold's template was checked against, recorded once, here.

Generated projects install `integrations_sdk @ git+<SDK_REPOSITORY>@<commit>`, never a moving
branch, so a project installs the SDK its code was written for. To move the pin, append the new
commit to PINNED_COMMITS and keep the older entries: the last entry is the default for new
projects (spec.py and template/copier.yml take it from here; tests/test_spec_copier_sync.py
keeps copier.yml in step), and `scaffold update` replaces every earlier scaffold default it
finds in a project (the `@main` default from before pins included) with the current one.
A requirement the user chose (a fork, a local path, a commit of their own) is kept.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

DISTRIBUTION = "integrations_sdk"
SDK_REPOSITORY = "https://github.com/ebbot-ai/integrations_sdk.git"
FIELD = "sdk_requirement"

# Oldest first; the last is current. 28c555fa: an SDK commit whose trigger dispatch
# takes `metadata` (`dispatch(subscription_id, data, metadata=None)`, `TriggerMetadata`), the
# behaviour the generated webhook code and the SDK double are written against.
PINNED_COMMITS: tuple[str, ...] = ("28c555fa607b061bdccfd302186f6a7fa85886ee",)
# Before pins, the default followed the SDK's main branch.
_UNPINNED_REFS = ("main",)


def requirement_at(ref: str) -> str:
    """The requirement on the SDK's own repository at `ref` (a commit or branch)."""
    return f"{DISTRIBUTION} @ git+{SDK_REPOSITORY}@{ref}"


DEFAULT_SDK_REQUIREMENT = requirement_at(PINNED_COMMITS[-1])
EARLIER_DEFAULTS = frozenset(requirement_at(ref) for ref in (*_UNPINNED_REFS, *PINNED_COMMITS[:-1]))


def is_earlier_default(requirement: str) -> bool:
    """Whether `requirement` is a default an earlier scaffold chose (not the user)."""
    return " ".join(requirement.split()) in EARLIER_DEFAULTS


def moved_pin(answers: Mapping[str, Any]) -> dict[str, Any]:
    """`answers` with an earlier scaffold default requirement moved to the current pin."""
    moved = dict(answers)
    recorded = moved.get(FIELD)
    if isinstance(recorded, str) and is_earlier_default(recorded):
        moved[FIELD] = DEFAULT_SDK_REQUIREMENT
    return moved


def requirement_problem(requirement: str) -> str | None:
    """Why `requirement` cannot install the SDK, or None when it names integrations_sdk."""
    from packaging.requirements import InvalidRequirement, Requirement
    from packaging.utils import canonicalize_name

    example = f"e.g. '{DISTRIBUTION} @ file:///path/to/integrations_sdk'"
    try:
        parsed = Requirement(requirement)
    except InvalidRequirement:
        form = f"'{DISTRIBUTION} @ <git or file URL>'"
        return f"not a PEP 508 requirement; write it as {form}, {example}"
    if canonicalize_name(parsed.name) != canonicalize_name(DISTRIBUTION):
        return f"must name the distribution {DISTRIBUTION}, {example}"
    return None
