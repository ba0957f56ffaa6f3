"""The three report formats: text for people, JSON for scripts, SARIF for code scanning."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from audit_support import HERE

from scaffold.audit import RULES, run_check

SARIF_SCHEMA = json.loads((HERE / "sarif" / "sarif-schema-2.1.0.json").read_text("utf-8"))

INSECURE_APP = """\
from integrations_sdk.server import start_workflow_server
from pydantic import BaseModel


class Options(BaseModel):
    base_url: str
    api_key: str


app = start_workflow_server("fns", URL, KEY, options=Options)
"""

SUPPRESSED_APP = (
    "from integrations_sdk.server import start_workflow_server\n"
    "\n"
    'app = start_workflow_server("fns", URL, KEY, dev_mode=True)'
    "  # scaffold: ignore[SCF201,SCF202] local demo only\n"
)


@pytest.fixture
def insecure(project: Callable[[dict[str, str]], Path]) -> Path:
    return project({"app.py": INSECURE_APP, "demo/run.py": SUPPRESSED_APP})


def sarif_of(path: Path, fail_on: str = "high") -> dict[str, Any]:
    text, _ = run_check(path, output_format="sarif", fail_on=fail_on)
    document: dict[str, Any] = json.loads(text)
    return document


def validate_sarif(document: dict[str, Any]) -> None:
    validator = jsonschema.Draft4Validator(
        SARIF_SCHEMA, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER
    )
    errors = sorted(validator.iter_errors(document), key=lambda error: str(list(error.path)))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors)


def test_text_lists_each_finding_with_location_rule_severity_and_hint(insecure: Path) -> None:
    text, exit_code = run_check(insecure)
    lines = text.splitlines()
    assert exit_code == 1
    assert lines[0] == (
        "app.py:7:5: SCF101 [high] options-secret-field: "
        "Options model `Options` has field `api_key`, which looks like a secret"
    )
    assert lines[1].startswith("    fix: Move the field to the Secrets model")
    assert lines[2].startswith("app.py:10:7: SCF202 [critical] auth-token-missing: ")
    assert lines[-2] == ""
    assert lines[-1] == (
        "scaffold check: 2 files, 13 lines: 2 findings (1 critical, 1 high), 2 suppressed; "
        "FAIL (--fail-on high)"
    )
    assert "demo/run.py" not in text  # suppressed findings are counted, not listed


def test_text_for_a_clean_project_is_one_summary_line(
    project: Callable[[dict[str, str]], Path],
) -> None:
    text, exit_code = run_check(project({"ok.py": "VALUE = 1\n"}))
    assert exit_code == 0
    summary = "scaffold check: 1 file, 1 line: 0 findings, 0 suppressed; PASS (--fail-on high)"
    assert text == summary + "\n"


def test_json_structure(insecure: Path) -> None:
    text, exit_code = run_check(insecure, output_format="json")
    document = json.loads(text)
    assert exit_code == 1
    assert document["version"] == 1
    assert document["tool"]["name"] == "scaffold check"
    assert document["root"] == str(insecure.resolve())
    assert document["fail_on"] == "high"
    assert document["failed"] is True
    assert document["summary"] == {
        "files": 2,
        "lines": 13,
        "findings": 2,
        "suppressed": 2,
        "by_severity": {"low": 0, "medium": 0, "high": 1, "critical": 1},
    }
    first = document["findings"][0]
    assert first == {
        "rule_id": "SCF101",
        "rule": "options-secret-field",
        "severity": "high",
        "path": "app.py",
        "line": 7,
        "column": 5,
        "message": "Options model `Options` has field `api_key`, which looks like a secret",
        "hint": first["hint"],
        "checklist": "Secrets only in the Secrets model (SecretStr), never in Options.",
        "suppressed": False,
        "suppression": None,
    }
    suppressed = [f for f in document["findings"] if f["suppressed"]]
    assert {(f["rule_id"], f["path"], f["line"]) for f in suppressed} == {
        ("SCF201", "demo/run.py", 3),
        ("SCF202", "demo/run.py", 3),
    }
    assert all(f["suppression"] == {"reason": "local demo only"} for f in suppressed)


def test_sarif_is_valid_against_the_official_schema(insecure: Path) -> None:
    validate_sarif(sarif_of(insecure))


def test_sarif_for_a_clean_project_is_valid(project: Callable[[dict[str, str]], Path]) -> None:
    document = sarif_of(project({"ok.py": "VALUE = 1\n"}))
    validate_sarif(document)
    assert document["runs"][0]["results"] == []


def test_sarif_validation_rejects_a_broken_log(insecure: Path) -> None:
    # Guards the guard: the vendored schema really constrains what we emit.
    document = sarif_of(insecure)
    document["runs"][0]["results"][0]["level"] = "fatal"
    with pytest.raises(AssertionError):
        validate_sarif(document)


def test_sarif_results_rules_and_suppressions(insecure: Path) -> None:
    document = sarif_of(insecure)
    assert document["version"] == "2.1.0"
    run = document["runs"][0]
    driver = run["tool"]["driver"]
    assert [rule["id"] for rule in driver["rules"]] == [rule.id for rule in RULES]
    assert run["originalUriBaseIds"]["SRCROOT"]["uri"] == insecure.resolve().as_uri() + "/"
    results = run["results"]
    for result in results:
        assert driver["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
    first = results[0]
    assert first["ruleId"] == "SCF101"
    assert first["level"] == "error"
    assert first["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "app.py", "uriBaseId": "SRCROOT"},
        "region": {"startLine": 7, "startColumn": 5},
    }
    assert first["suppressions"] == []
    suppressed = [r for r in results if r["suppressions"]]
    assert {r["ruleId"] for r in suppressed} == {"SCF201", "SCF202"}
    for result in suppressed:
        assert result["suppressions"] == [{"kind": "inSource", "justification": "local demo only"}]
    assert run["invocations"][0]["exitCode"] == 1


def test_sarif_levels_follow_severity(project: Callable[[dict[str, str]], Path]) -> None:
    root = project(
        {
            "actions.py": (
                "from integrations_sdk.component import workflow_action\n\n\n"
                '@workflow_action(description="x", result={})\n'
                "def delete_everything(env):\n"
                "    return {}\n\n\n"
                '@workflow_action(description="x", result={}, docs="Deletes.")\n'
                "def do_sync(env):\n"
                "    return {}\n"
            )
        }
    )
    document = sarif_of(root)
    validate_sarif(document)
    levels = {r["ruleId"]: r["level"] for r in document["runs"][0]["results"]}
    assert levels == {"SCF502": "warning", "SCF501": "note"}
    rules = {rule["id"]: rule for rule in document["runs"][0]["tool"]["driver"]["rules"]}
    assert rules["SCF202"]["properties"]["security-severity"] == "9.5"
    assert rules["SCF501"]["defaultConfiguration"]["level"] == "note"


def test_sarif_uris_are_percent_encoded(project: Callable[[dict[str, str]], Path]) -> None:
    root = project({"my pkg/app.py": "from fastapi import FastAPI\napi = FastAPI(debug=True)\n"})
    document = sarif_of(root)
    validate_sarif(document)
    location = document["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "my%20pkg/app.py"


def test_columns_count_characters_not_bytes(project: Callable[[dict[str, str]], Path]) -> None:
    line = 'namn = "åäö"; api = FastAPI(debug=True)'
    root = project({"app.py": f"from fastapi import FastAPI\n{line}\n"})
    text, _ = run_check(root, output_format="json")
    finding = json.loads(text)["findings"][0]
    # The reported position is that of `True`; ast's col_offset would count 3 bytes more.
    assert (finding["line"], finding["column"]) == (2, line.index("True") + 1)
