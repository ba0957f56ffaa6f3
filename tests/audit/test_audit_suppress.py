"""`# scaffold: ignore[RULE-ID] reason`: per line, reason required, visible in every format."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from scaffold.audit import audit, run_check

Project = Callable[[dict[str, str]], Path]

DEBUG_LINE = "from fastapi import FastAPI\napi = FastAPI(debug=True)"


def active(root: Path) -> list[tuple[str, int]]:
    return [(f.rule.id, f.line) for f in audit(root).active]


def test_suppression_with_reason_suppresses_and_keeps_the_reason(project: Project) -> None:
    root = project({"app.py": f"{DEBUG_LINE}  # scaffold: ignore[SCF203] test server only\n"})
    report = audit(root)
    assert report.active == ()
    [suppressed] = report.suppressed
    assert (suppressed.rule.id, suppressed.line, suppressed.suppression) == (
        "SCF203",
        2,
        "test server only",
    )
    text, exit_code = run_check(root)
    assert exit_code == 0
    assert "0 findings, 1 suppressed; PASS" in text


def test_rule_name_and_several_rules_are_accepted(project: Project) -> None:
    source = (
        "from integrations_sdk.server import start_workflow_server\n"
        "app = start_workflow_server('fns', URL, KEY, dev_mode=True)"
        "  # scaffold: ignore[dev-mode-enabled, SCF202]: offline demo, no real tenants\n"
    )
    report = audit(project({"app.py": source}))
    assert report.active == ()
    assert {(f.rule.id, f.suppression) for f in report.suppressed} == {
        ("SCF201", "offline demo, no real tenants"),
        ("SCF202", "offline demo, no real tenants"),
    }


def test_suppression_without_reason_suppresses_nothing_and_is_reported(project: Project) -> None:
    root = project({"app.py": f"{DEBUG_LINE}  # scaffold: ignore[SCF203]\n"})
    report = audit(root)
    assert [(f.rule.id, f.line) for f in report.active] == [("SCF203", 2), ("SCF001", 2)]
    invalid = report.active[1]
    assert invalid.message == "suppression gives no reason, so it suppresses nothing"
    assert invalid.column == len(DEBUG_LINE.splitlines()[1]) + 3
    assert run_check(root)[1] == 1  # the debug finding still fails the run


def test_unknown_rule_is_reported_but_known_ones_still_apply(project: Project) -> None:
    root = project({"app.py": f"{DEBUG_LINE}  # scaffold: ignore[SCF999, SCF203] known risk\n"})
    report = audit(root)
    assert [(f.rule.id, f.message) for f in report.active] == [
        ("SCF001", "suppression names unknown rule(s) SCF999")
    ]
    assert [f.rule.id for f in report.suppressed] == ["SCF203"]


def test_suppression_applies_only_to_its_own_line_and_rules(project: Project) -> None:
    source = (
        "from fastapi import FastAPI\n"
        "# scaffold: ignore[SCF203] the comment is on the line above, which does not count\n"
        "api = FastAPI(debug=True)\n"
        "other = FastAPI(debug=True)  # scaffold: ignore[SCF204] wrong rule\n"
    )
    assert active(project({"app.py": source})) == [("SCF203", 3), ("SCF203", 4)]


def test_directive_inside_a_string_is_not_a_suppression(project: Project) -> None:
    source = (
        "from fastapi import FastAPI\n"
        'api = FastAPI(debug=True, title="# scaffold: ignore[SCF203] not a comment")\n'
    )
    assert active(project({"app.py": source})) == [("SCF203", 2)]


def test_suppressed_findings_in_json_carry_their_reason(project: Project) -> None:
    root = project({"app.py": f"{DEBUG_LINE}  # scaffold: ignore[SCF203] test server only\n"})
    document = json.loads(run_check(root, output_format="json")[0])
    assert document["summary"]["findings"] == 0
    assert document["summary"]["suppressed"] == 1
    [finding] = document["findings"]
    assert finding["suppressed"] is True
    assert finding["suppression"] == {"reason": "test server only"}


def test_a_container_bind_is_accepted_once_documented_on_its_line(project: Project) -> None:
    bind = 'import uvicorn\nuvicorn.run("pkg.app:app", host="0.0.0.0", port=8000)'
    undocumented = project({"serve.py": bind + "\n"})
    assert active(undocumented) == [("SCF205", 2)]

    reason = "container: only the published port is reachable"
    (undocumented / "serve.py").write_text(f"{bind}  # scaffold: ignore[SCF205] {reason}\n")
    report = audit(undocumented)
    assert report.active == ()
    assert [(f.rule.id, f.suppression) for f in report.suppressed] == [("SCF205", reason)]
