"""One template unit per webhook scheme (issue #13): every scheme a preset names is a folder
under template/schemes/ that sets the parts the shared skeleton pastes, and the skeleton itself
holds no per-scheme branches, so adding a preset touches its data and one folder (and its
known-answer vector in tests/managed/signature_cases.py, where the verifiers' unit tests run)."""

from __future__ import annotations

import re
from pathlib import Path

import jinja2
import pytest
from jinja2 import nodes

from scaffold.presets import WEBHOOK_PRESETS
from scaffold.render import template_dir
from scaffold.spec import ProjectSpec

TEMPLATE = template_dir()
UNITS = TEMPLATE / "schemes"
RESOLVER = UNITS / "scheme.jinja"
SCHEMES_SKELETON = (
    TEMPLATE
    / "project/src/{{package_name}}/managed"
    / "{% if has_webhooks %}webhooks{% endif %}/schemes.py.jinja"
)
VERIFIER = "verifier.py.jinja"
# Folders under template/schemes/ that are not schemes.
NOT_SCHEMES = {"_shared"}

# The parts a unit must set; the optional ones are whatever else the skeletons read.
REQUIRED = {
    VERIFIER: {"imports", "verification_imports", "code"},
}
# How each skeleton names the loaded units: {file: {unit file: names it is read through}}.
READERS = {
    RESOLVER: {VERIFIER: {"unit"}},
    SCHEMES_SKELETON: {VERIFIER: {"verifier"}},
}

# `scheme == 'x'`, `preset.scheme != 'x'`, `scheme in (...)`, `'x' == scheme`: a branch on the
# scheme's name, which belongs in the scheme's folder instead.
SCHEME_COMPARISON = re.compile(
    r"\bscheme\s*(?:==|!=|not\s+in\b|in\b)|(?:==|!=)\s*(?:preset\.)?scheme\b"
)

ENVIRONMENT = jinja2.Environment(autoescape=False)  # noqa: S701 - parsing only, nothing rendered


def webhook_schemes() -> list[str]:
    """The schemes of every preset that receives webhooks."""
    return sorted(
        {
            preset.scheme
            for name, preset in WEBHOOK_PRESETS.items()
            if ProjectSpec(project_name="x", webhook_preset=name).has_webhooks
        }
    )


def parse(path: Path) -> nodes.Template:
    return ENVIRONMENT.parse(path.read_text("utf-8"), path.name)


def parts_set(path: Path) -> set[str]:
    """The names a unit sets at its top level: what importing it exports."""
    names: set[str] = set()
    for node in parse(path).body:
        if isinstance(node, nodes.Assign | nodes.AssignBlock) and isinstance(
            node.target, nodes.Name
        ):
            names.add(node.target.name)
    return names


def parts_read(unit_file: str) -> set[str]:
    """Every attribute the skeletons (and the resolver) read from a unit of this kind."""
    read: set[str] = set()
    for reader, units in READERS.items():
        aliases = units.get(unit_file, set())
        for node in parse(reader).find_all(nodes.Getattr):
            if isinstance(node.node, nodes.Name) and node.node.name in aliases:
                read.add(node.attr)
    return read


def test_the_skeletons_are_found() -> None:
    for path in READERS:
        assert path.is_file(), path
    assert webhook_schemes(), "no preset receives webhooks?"


PROJECT_TEMPLATES = sorted((UNITS.parent / "project").rglob("*.jinja"))


@pytest.mark.parametrize(
    "path", [*READERS, *PROJECT_TEMPLATES], ids=lambda path: str(path).split("template/")[-1]
)
def test_no_template_branches_on_the_scheme_name(path: Path) -> None:
    """What differs per scheme is read from its unit's facts (scheme.jinja), never its name."""
    source = path.read_text("utf-8")
    found = [
        line.strip()
        for line in source.splitlines()
        if SCHEME_COMPARISON.search(line) and ("{%" in line or "{{" in line)
    ]
    assert not found, (
        f"{path.name} branches on the scheme; move that part into template/schemes/<scheme>/: "
        f"{found}"
    )


def test_the_scheme_comparison_pattern_catches_branches() -> None:
    for branch in (
        "{%- if scheme == 'stripe' %}",
        "{%- elif preset.scheme != 'slack' %}",
        "{% set x = scheme in ('github', 'jira') %}",
        "{%- if 'twilio' == scheme %}",
        "{%- if scheme not in ('a',) %}",
    ):
        assert SCHEME_COMPARISON.search(branch), branch
    for fine in ("{{- unit.specific_tests }}", "{%- if scheme.binds_body %}", "every scheme"):
        assert not SCHEME_COMPARISON.search(fine), fine


@pytest.mark.parametrize("scheme", webhook_schemes())
def test_every_scheme_has_its_unit_folder(scheme: str) -> None:
    assert (UNITS / scheme / VERIFIER).is_file(), (
        f"template/schemes/{scheme}/{VERIFIER} is missing: copy a similar scheme's folder"
    )


def test_every_unit_folder_is_a_presets_scheme() -> None:
    folders = {path.name for path in UNITS.iterdir() if path.is_dir()} - NOT_SCHEMES
    assert folders == set(webhook_schemes())


@pytest.mark.parametrize("scheme", webhook_schemes())
def test_a_unit_sets_every_required_part_and_nothing_unread(scheme: str) -> None:
    unit_file = VERIFIER
    path = UNITS / scheme / unit_file
    parts = parts_set(path)
    missing = REQUIRED[unit_file] - parts
    assert not missing, f"{scheme}/{unit_file} must set {sorted(missing)}"
    # A part no skeleton reads is a typo or a leftover: its default would apply silently.
    unread = parts - parts_read(unit_file)
    assert not unread, f"{scheme}/{unit_file} sets {sorted(unread)}, which nothing reads"


def test_the_required_parts_are_read() -> None:
    for unit_file, required in REQUIRED.items():
        assert required <= parts_read(unit_file), unit_file
