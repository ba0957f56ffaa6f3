"""run_check: the public entry point the CLI calls (exit codes, --fail-on, usage errors)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from scaffold.audit import (
    DEFAULT_FAIL_ON,
    FORMATS,
    RULES,
    audit,
    format_rule_catalogue,
    parse_selection,
    run_check,
)
from scaffold.audit.model import Severity
from scaffold.errors import UsageError

from scaffold_support import run_scaffold

Project = Callable[[dict[str, str]], Path]

# One finding per severity: SCF501 low, SCF502 medium, SCF203 high, SCF202 critical.
FILES = {
    "low.py": (
        "from integrations_sdk.component import workflow_action\n"
        '@workflow_action(description="x", result={}, docs="Syncs.")\n'
        "def do_sync(env):\n"
        "    return {}\n"
    ),
    "medium.py": (
        "from integrations_sdk.component import workflow_action\n"
        '@workflow_action(description="x", result={})\n'
        "def delete_ticket(ticket_id, env):\n"
        "    return {}\n"
    ),
    "high.py": "from fastapi import FastAPI\napi = FastAPI(debug=True)\n",
    "critical.py": (
        "from integrations_sdk.server import start_workflow_server\n"
        "app = start_workflow_server('fns', URL, KEY)\n"
    ),
}


@pytest.mark.parametrize(
    ("present", "fail_on", "expected"),
    [
        (["low.py"], "high", 0),
        (["medium.py"], "high", 0),
        (["high.py"], "high", 1),
        (["critical.py"], "high", 1),
        (["low.py"], "low", 1),
        (["medium.py"], "medium", 1),
        (["low.py"], "medium", 0),
        (["high.py"], "critical", 0),
        (["critical.py"], "critical", 1),
        (["low.py", "medium.py", "high.py", "critical.py"], "CRITICAL", 1),
    ],
)
def test_exit_code_follows_fail_on(
    project: Project, present: list[str], fail_on: str, expected: int
) -> None:
    root = project({name: FILES[name] for name in present})
    assert run_check(root, fail_on=fail_on)[1] == expected


def test_default_fail_on_is_high(project: Project) -> None:
    assert DEFAULT_FAIL_ON == "high"
    assert run_check(project({"medium.py": FILES["medium.py"]}))[1] == 0
    assert run_check(project({"high.py": FILES["high.py"]}))[1] == 1


def test_each_format_reports_the_same_exit_code(project: Project) -> None:
    root = project({"high.py": FILES["high.py"]})
    assert FORMATS == ("text", "json", "sarif")
    assert {run_check(root, output_format=name)[1] for name in FORMATS} == {1}


def test_missing_path_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="no such file or directory"):
        run_check(tmp_path / "nowhere")


def test_non_python_file_is_a_usage_error(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text("# hi\n")
    with pytest.raises(UsageError, match="not a directory or a Python"):
        run_check(readme)


def test_unknown_format_is_a_usage_error(project: Project) -> None:
    with pytest.raises(UsageError, match="unknown format 'xml'"):
        run_check(project({"ok.py": ""}), output_format="xml")


def test_unknown_severity_is_a_usage_error(project: Project) -> None:
    with pytest.raises(UsageError, match="unknown severity 'severe'"):
        run_check(project({"ok.py": ""}), fail_on="severe")


def test_usage_error_has_exit_code_2() -> None:
    assert UsageError("x").exit_code == 2


def test_a_single_file_can_be_audited(project: Project) -> None:
    root = project({"high.py": FILES["high.py"], "critical.py": FILES["critical.py"]})
    report = audit(root / "high.py")
    assert report.files_scanned == 1
    assert [(f.path, f.rule.id) for f in report.findings] == [("high.py", "SCF203")]


def test_unparsable_file_is_reported_and_the_rest_still_audited(project: Project) -> None:
    root = project({"broken.py": "def broken(:\n    pass\n", "high.py": FILES["high.py"]})
    report = audit(root)
    assert [(f.path, f.rule.id, f.line) for f in report.findings] == [
        ("broken.py", "SCF002", 1),
        ("high.py", "SCF203", 2),
    ]
    assert report.findings[0].message.startswith("cannot parse the file")


def test_undecodable_file_is_reported(project: Project) -> None:
    root = project({})
    root.mkdir(parents=True, exist_ok=True)
    (root / "latin.py").write_bytes(b"# coding: utf-8\nNAME = '\xff'\n")
    assert [f.rule.id for f in audit(root).findings] == ["SCF002"]


def test_pep263_encoded_file_is_audited(project: Project) -> None:
    root = project({})
    root.mkdir(parents=True, exist_ok=True)
    source = (
        "# -*- coding: latin-1 -*-\n"
        "from fastapi import FastAPI\n"
        "namn = 'é'; api = FastAPI(debug=True)\n"
    )
    (root / "app.py").write_bytes(source.encode("latin-1"))
    assert [(f.rule.id, f.line) for f in audit(root).findings] == [("SCF203", 3)]


def test_virtualenvs_caches_and_hidden_directories_are_skipped(project: Project) -> None:
    root = project(
        {
            ".venv/lib/site.py": FILES["high.py"],
            "env/pyvenv.cfg": "home = /usr\n",
            "env/lib/x.py": FILES["high.py"],
            "node_modules/x.py": FILES["high.py"],
            ".hidden/x.py": FILES["high.py"],
            "build/x.py": FILES["high.py"],
            "src/app.py": "VALUE = 1\n",
        }
    )
    report = audit(root)
    assert report.files_scanned == 1
    assert report.findings == ()


def test_the_project_is_never_imported_or_run(project: Project, tmp_path: Path) -> None:
    marker = tmp_path / "was-imported"
    root = project({"boom.py": f"open({str(marker)!r}, 'w').write('x')\nraise SystemExit(3)\n"})
    run_check(root)
    assert not marker.exists()


def test_rule_catalogue_is_complete_and_stable() -> None:
    ids = [rule.id for rule in RULES]
    assert ids == sorted(ids)
    assert len(set(ids)) == len(ids)
    assert len({rule.name for rule in RULES}) == len(RULES)
    for rule in RULES:
        assert re.fullmatch(r"SCF\d{3}", rule.id)
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", rule.name)
        assert isinstance(rule.severity, Severity)
        assert rule.checklist and rule.summary and rule.hint
    catalogue = format_rule_catalogue().splitlines()
    assert len(catalogue) == len(RULES)
    assert catalogue[0].startswith("SCF001  medium    invalid-suppression")


def test_select_keeps_only_the_named_rules_and_the_audits_own(project: Project) -> None:
    root = project({**FILES, "broken.py": "def broken(:\n"})
    everything = {f.rule.id for f in audit(root).findings}
    assert everything == {"SCF002", "SCF202", "SCF203", "SCF501", "SCF502"}

    selected = audit(root, select=parse_selection("SCF203, vague-action-name"))
    assert {f.rule.id for f in selected.findings} == {"SCF002", "SCF203", "SCF501"}


def test_exit_code_follows_the_selection(project: Project) -> None:
    root = project(FILES)
    assert run_check(root)[1] == 1
    assert run_check(root, select="SCF501")[1] == 0
    assert run_check(root, select="SCF501", fail_on="low")[1] == 1
    assert run_check(root, select="SCF502,SCF501", fail_on="medium")[1] == 1


@pytest.mark.parametrize(
    ("select", "message"),
    [
        ("SCF999,nope", "unknown rule SCF999, nope"),
        (" , ", "--select names no rule"),
    ],
)
def test_select_with_unknown_or_no_rules_is_a_usage_error(
    project: Project, select: str, message: str
) -> None:
    with pytest.raises(UsageError, match=message):
        run_check(project({"ok.py": ""}), select=select)


def test_cli_lists_rules_and_selects(project: Project, tmp_path: Path) -> None:
    listed = run_scaffold("check", "--list-rules", cwd=tmp_path)
    assert listed.code == 0
    assert listed.stdout == format_rule_catalogue()

    root = project({"high.py": FILES["high.py"], "low.py": FILES["low.py"]})
    assert run_scaffold("check", str(root), cwd=tmp_path).code == 1
    only_low = run_scaffold("check", str(root), "--select", "SCF501", cwd=tmp_path)
    assert only_low.code == 0 and "SCF501" in only_low.stdout and "SCF203" not in only_low.stdout

    unknown = run_scaffold("check", str(root), "--select", "SCF999", cwd=tmp_path)
    assert unknown.code == 2
    assert unknown.stderr.strip().count("\n") == 0 and "--list-rules" in unknown.stderr
