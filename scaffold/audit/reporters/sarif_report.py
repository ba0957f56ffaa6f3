"""`--format sarif`: a SARIF 2.1.0 log for code-scanning tools (e.g. GitHub code scanning).

One run; the driver lists the whole rule catalogue; each finding is a result whose location
is relative to the `%SRCROOT%` base id (the audited directory). Suppressed findings carry an
`inSource` suppression with the reason as justification; the others an empty list, which
SARIF reads as "not suppressed". Columns count Unicode code points (`columnKind`).
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

from scaffold import __version__
from scaffold.audit.model import AuditReport, Finding, Rule, Severity
from scaffold.audit.rules import RULES

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
SOURCE_ROOT = "SRCROOT"

_LEVELS = {
    Severity.CRITICAL: "error",
    Severity.HIGH: "error",
    Severity.MEDIUM: "warning",
    Severity.LOW: "note",
}
# GitHub ranks security alerts by this property (critical >= 9.0, high >= 7.0, medium >= 4.0).
_SECURITY_SEVERITY = {
    Severity.CRITICAL: "9.5",
    Severity.HIGH: "8.0",
    Severity.MEDIUM: "5.5",
    Severity.LOW: "2.0",
}


def render(report: AuditReport, fail_on: Severity) -> str:
    """The report as SARIF 2.1.0 JSON text."""
    return json.dumps(as_sarif(report, fail_on), indent=2) + "\n"


def as_sarif(report: AuditReport, fail_on: Severity) -> dict[str, Any]:
    """The report as a SARIF log object."""
    rule_index = {rule.id: index for index, rule in enumerate(RULES)}
    root_uri = report.root.as_uri().rstrip("/") + "/"
    return {
        "$schema": SARIF_SCHEMA,
        "version": SARIF_VERSION,
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "scaffold-check",
                        "version": __version__,
                        "rules": [_rule(rule) for rule in RULES],
                    }
                },
                "originalUriBaseIds": {SOURCE_ROOT: {"uri": root_uri}},
                "columnKind": "unicodeCodePoints",
                "invocations": [
                    {
                        "executionSuccessful": True,
                        "exitCode": 1 if report.fails(fail_on) else 0,
                    }
                ],
                "results": [_result(finding, rule_index) for finding in report.findings],
                "properties": {
                    "filesScanned": report.files_scanned,
                    "linesScanned": report.lines_scanned,
                    "failOn": fail_on.value,
                },
            }
        ],
    }


def _rule(rule: Rule) -> dict[str, Any]:
    return {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": f"Checklist: {rule.checklist}"},
        "help": {"text": rule.hint},
        "defaultConfiguration": {"level": _LEVELS[rule.severity]},
        "properties": {
            "severity": rule.severity.value,
            "security-severity": _SECURITY_SEVERITY[rule.severity],
            "tags": ["security"],
        },
    }


def _result(finding: Finding, rule_index: dict[str, int]) -> dict[str, Any]:
    suppressions = []
    if finding.suppression is not None:
        suppressions.append({"kind": "inSource", "justification": finding.suppression})
    return {
        "ruleId": finding.rule.id,
        "ruleIndex": rule_index[finding.rule.id],
        "level": _LEVELS[finding.rule.severity],
        "message": {"text": finding.message},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": quote(finding.path), "uriBaseId": SOURCE_ROOT},
                    "region": {"startLine": finding.line, "startColumn": finding.column},
                }
            }
        ],
        "suppressions": suppressions,
    }
