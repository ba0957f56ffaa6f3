"""`--format json`: the whole report as one JSON document, suppressed findings included.

Shape (version 1): {version, tool{name, version}, root, fail_on, failed, summary{files,
lines, findings, suppressed, by_severity{low, medium, high, critical}}, findings[{rule_id,
rule, severity, path, line, column, message, hint, checklist, suppressed, suppression}]}
where `suppression` is {"reason": str} or null.
"""

from __future__ import annotations

import json
from typing import Any

from scaffold import __version__
from scaffold.audit.model import AuditReport, Finding, Severity

FORMAT_VERSION = 1


def render(report: AuditReport, fail_on: Severity) -> str:
    """The report as indented JSON text."""
    return json.dumps(as_dict(report, fail_on), indent=2) + "\n"


def as_dict(report: AuditReport, fail_on: Severity) -> dict[str, Any]:
    """The report as plain JSON-compatible data."""
    active = report.active
    return {
        "version": FORMAT_VERSION,
        "tool": {"name": "scaffold check", "version": __version__},
        "root": str(report.root),
        "fail_on": fail_on.value,
        "failed": report.fails(fail_on),
        "summary": {
            "files": report.files_scanned,
            "lines": report.lines_scanned,
            "findings": len(active),
            "suppressed": len(report.suppressed),
            "by_severity": {
                severity.value: sum(1 for f in active if f.rule.severity is severity)
                for severity in Severity
            },
        },
        "findings": [_finding(finding) for finding in report.findings],
    }


def _finding(finding: Finding) -> dict[str, Any]:
    rule = finding.rule
    return {
        "rule_id": rule.id,
        "rule": rule.name,
        "severity": rule.severity.value,
        "path": finding.path,
        "line": finding.line,
        "column": finding.column,
        "message": finding.message,
        "hint": rule.hint,
        "checklist": rule.checklist,
        "suppressed": finding.suppressed,
        "suppression": {"reason": finding.suppression} if finding.suppressed else None,
    }
