"""The real template, rendered: its server code must audit clean, webhook routes included.

This couples `scaffold check` to the template on purpose: a generated project that its own
generator's checker flags is a bug in one of the two.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from scaffold.answers import build_spec
from scaffold.audit import audit
from scaffold.generate import generate


def render(destination: Path) -> Path:
    return generate(build_spec({"project_name": "acme-desk"}), destination).path


def test_rendered_server_code_has_no_findings(tmp_path: Path) -> None:
    root = render(tmp_path / "acme-desk")
    report = audit(root)
    assert report.files_scanned > 10
    server = [f for f in report.findings if f.path.startswith("src/")]
    assert server == [], "\n".join(f"{f.path}:{f.line} {f.rule.id} {f.message}" for f in server)


def test_rendered_webhook_routes_are_really_judged(tmp_path: Path) -> None:
    # Rename every verifier call in the rendered webhook package: the routes must then fail.
    root = render(tmp_path / "acme-desk")
    webhooks = next(root.glob("src/*/webhooks"), None)
    if webhooks is None:  # a template without webhooks has no routes to judge
        return
    mutated = tmp_path / "mutated"
    shutil.copytree(root, mutated)
    replaced = 0
    for path in (mutated / webhooks.relative_to(root)).glob("*.py"):
        text = path.read_text(encoding="utf-8")
        replaced += text.count(".verify(")
        path.write_text(text.replace(".verify(", ".inspect("), encoding="utf-8")
    if not replaced:
        pytest.skip("the rendered webhook pipeline has no `.verify(` call to take away")
    rules = {f.rule.id for f in audit(mutated).findings if f.path.startswith("src/")}
    assert "SCF301" in rules
