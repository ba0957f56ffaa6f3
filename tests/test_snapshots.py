"""Golden snapshots of rendered projects: any change to what `scaffold new` writes shows up
here as a reviewable diff.

Each scenario is rendered from its answers and compared with tests/snapshots/<scenario>/:
`MANIFEST` lists every rendered file with the SHA-256 of its normalised content, and the files
where the answers change the most (the Jinja-heavy ones, `FULL_CONTENT`) are stored whole, with
a `.snap` suffix so that no tool lints, formats, type-checks or collects them as code, so that
their changes show as a readable diff. Contents are normalised first: the template location in
the answers file, dates, commit ids and the render directory are replaced by fixed markers, so
a snapshot depends only on the template and the answers.

A deliberate template change is accepted by regenerating the snapshots with
`scripts/update-snapshots` and reviewing the resulting `git diff tests/snapshots`.

Run as a script (`python tests/test_snapshots.py [--check]`), this module is also what
scripts/update-snapshots calls.
"""

from __future__ import annotations

import argparse
import difflib
import fnmatch
import hashlib
import re
import shutil
import sys
import tempfile
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from scaffold.answers import build_spec
from scaffold.generate import generate

SNAPSHOTS = Path(__file__).resolve().parent / "snapshots"
SUFFIX = ".snap"
MANIFEST = "MANIFEST"
# Rendered files stored whole: the ones whose text the answers shape the most.
FULL_CONTENT = (
    "README.md",
    "SECURITY.md",
    "pyproject.toml",
    ".copier-answers.yml",
    ".env.example",
    "src/*/app.py",
    "src/*/connection.py",
    "src/*/manifest.py",
    "src/*/payloads.py",
    "src/*/fns/*.py",
    "src/*/fns/actions/*.py",
    "src/*/managed/credentials.py",
    "src/*/managed/upstream.py",
    "src/*/managed/webhooks/*.py",
)
UPDATE_COMMAND = "scripts/update-snapshots"

# Answers per scenario; project names are fixed so that paths and package names are stable.
SCENARIOS: dict[str, dict[str, Any]] = {
    "default": {"project_name": "acme-tickets"},
    "zendesk-docker": {
        "project_name": "zendesk-desk",
        "upstream_name": "Zendesk",
        "webhook_preset": "zendesk",
        "api_base_url": "https://{subdomain}.zendesk.com/api/v2",
        "resources": [
            {"name": "ticket", "verbs": ["get", "list", "create", "update", "close", "delete"]},
            {"name": "user", "verbs": ["get", "search", "delete"]},
        ],
        "features": ["docker"],
    },
    "no-webhooks-oauth2": {
        "project_name": "ledger-sync",
        "upstream_name": "Ledger",
        "webhook_preset": "none",
        "api_auth": "oauth2-client-credentials",
        "api_base_url": "https://api.ledger.example/v1",
        "oauth_token_url": "https://auth.ledger.example/oauth/token",
    },
}

# (pattern, replacement) for what may differ between two renders of the same answers.
_NORMALISERS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^(_src_path:).*$", re.MULTILINE), r"\1 <template>"),
    (re.compile(r"^(_commit:).*$", re.MULTILINE), r"\1 <commit>"),
)


def _render_dates() -> set[str]:
    """Today's date (local and UTC): the only dates a render could stamp into a file. Fixed
    dates in the template (test vectors, fixtures) are content and stay in the snapshot."""
    return {date.today().isoformat(), datetime.now(UTC).date().isoformat()}


def normalise(text: str, destination: Path, dates: set[str] | None = None) -> str:
    """`text` without what changes from one render to the next (paths, dates, commits)."""
    text = text.replace(str(destination), "<project>")
    for pattern, replacement in _NORMALISERS:
        text = pattern.sub(replacement, text)
    for day in _render_dates() if dates is None else dates:
        text = text.replace(day, "<date>")
    return text


def render_scenario(name: str, workdir: Path) -> dict[str, str]:
    """Render scenario `name` below `workdir`: {relative path: normalised content}."""
    destination = workdir / name
    generate(build_spec(SCENARIOS[name]), destination)
    tree: dict[str, str] = {}
    for path in sorted(destination.rglob("*")):
        if path.is_file():
            text = path.read_bytes().decode("utf-8", "backslashreplace")
            tree[path.relative_to(destination).as_posix()] = normalise(text, destination)
    return tree


def stored_whole(relative: str) -> bool:
    """Whether a rendered file is stored whole (else only its hash)."""
    return any(fnmatch.fnmatch(relative, pattern) for pattern in FULL_CONTENT)


def digest(text: str) -> str:
    """The SHA-256 of a normalised file."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def stored_snapshot(name: str) -> tuple[dict[str, str], dict[str, str]]:
    """The stored snapshot of scenario `name`: ({path: hash}, {path: whole text}); both are
    empty when there is none."""
    root = SNAPSHOTS / name
    if not (root / MANIFEST).is_file():
        return {}, {}
    hashes = {}
    for line in (root / MANIFEST).read_text("utf-8").splitlines():
        value, _, relative = line.partition("  ")
        hashes[relative] = value
    whole = {
        path.relative_to(root).as_posix().removesuffix(SUFFIX): path.read_text("utf-8")
        for path in sorted(root.rglob(f"*{SUFFIX}"))
        if path.is_file()
    }
    return hashes, whole


def write_snapshot(name: str, tree: dict[str, str]) -> None:
    """Replace the stored snapshot of scenario `name` with that of `tree`."""
    root = SNAPSHOTS / name
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    lines = [f"{digest(text)}  {relative}" for relative, text in sorted(tree.items())]
    (root / MANIFEST).write_text("\n".join(lines) + "\n", "utf-8")
    for relative, text in tree.items():
        if stored_whole(relative):
            target = root / (relative + SUFFIX)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, "utf-8")


def differences(
    name: str, stored: tuple[dict[str, str], dict[str, str]], rendered: dict[str, str]
) -> str:
    """A readable account of how `rendered` differs from the `stored` snapshot (empty when
    equal): missing and new files, a diff for files stored whole, the others by hash."""
    hashes, whole = stored
    lines: list[str] = []
    missing = sorted(hashes.keys() - rendered.keys())
    added = sorted(rendered.keys() - hashes.keys())
    if missing:
        lines.append("no longer rendered: " + ", ".join(missing))
    if added:
        lines.append("newly rendered (not in the snapshot): " + ", ".join(added))
    for relative in sorted(hashes.keys() & rendered.keys()):
        if hashes[relative] == digest(rendered[relative]):
            continue
        if relative in whole:
            lines.extend(
                difflib.unified_diff(
                    whole[relative].splitlines(),
                    rendered[relative].splitlines(),
                    f"snapshot/{name}/{relative}",
                    f"rendered/{name}/{relative}",
                    lineterm="",
                )
            )
        else:
            lines.append(f"changed: {relative} (stored by hash only)")
    return "\n".join(lines)


@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
def test_rendered_project_matches_its_snapshot(scenario: str, tmp_path: Path) -> None:
    stored = stored_snapshot(scenario)
    assert stored[0], f"no snapshot for {scenario!r}: run {UPDATE_COMMAND} and review it"
    diff = differences(scenario, stored, render_scenario(scenario, tmp_path))
    assert not diff, (
        f"the {scenario!r} render differs from tests/snapshots/{scenario}:\n{diff}\n\n"
        f"If the change is intended, run {UPDATE_COMMAND} and review `git diff tests/snapshots`."
    )


def test_normalising_removes_what_varies_between_renders() -> None:
    text = "_src_path: /tmp/t\n_commit: v1-3-gabc\nmade 2031-05-01T10:00Z in /x/p, 2024-01-01\n"
    assert normalise(text, Path("/x/p"), dates={"2031-05-01"}) == (
        "_src_path: <template>\n_commit: <commit>\nmade <date>T10:00Z in <project>, 2024-01-01\n"
    )


def test_a_change_is_reported_whether_the_file_is_stored_whole_or_by_hash() -> None:
    stored = (
        {"README.md": digest("old\n"), "tests/test_x.py": digest("x = 1\n"), "gone.txt": "0"},
        {"README.md": "old\n"},
    )
    rendered = {"README.md": "new\n", "tests/test_x.py": "x = 2\n", "added.txt": ""}
    report = differences("s", stored, rendered)
    assert "+new" in report and "-old" in report
    assert "changed: tests/test_x.py (stored by hash only)" in report
    assert "no longer rendered: gone.txt" in report and "newly rendered" in report
    assert differences("s", stored, {**rendered, "README.md": "old\n"}).count("README") == 0


def _update(report: Callable[[str], None]) -> int:
    with tempfile.TemporaryDirectory(prefix="scaffold-snapshots-") as directory:
        # Render every scenario before writing any, so a failing render changes nothing.
        trees = {name: render_scenario(name, Path(directory)) for name in sorted(SCENARIOS)}
    for name, tree in trees.items():
        write_snapshot(name, tree)
        report(f"{name}: {len(tree)} files written to tests/snapshots/{name}")
    stale = sorted(p.name for p in SNAPSHOTS.iterdir() if p.is_dir() and p.name not in SCENARIOS)
    for name in stale:
        shutil.rmtree(SNAPSHOTS / name)
        report(f"{name}: removed (no longer a scenario)")
    return 0


def _check(report: Callable[[str], None]) -> int:
    failed = 0
    with tempfile.TemporaryDirectory(prefix="scaffold-snapshots-") as directory:
        for name in sorted(SCENARIOS):
            diff = differences(name, stored_snapshot(name), render_scenario(name, Path(directory)))
            report(f"{name}: {'differs' if diff else 'up to date'}")
            failed += bool(diff)
    return 1 if failed else 0


def main(argv: list[str]) -> int:
    """Regenerate every snapshot (or, with --check, only report which ones are stale)."""
    parser = argparse.ArgumentParser(description="Regenerate the golden snapshots.")
    parser.add_argument("--check", action="store_true", help="report stale snapshots only")
    options = parser.parse_args(argv)
    return (_check if options.check else _update)(print)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
