"""The default, human-readable report: one block per finding, then a summary line.

Suppressed findings are not listed, only counted (their reasons are in the JSON and SARIF).
"""

from __future__ import annotations

from scaffold.audit.model import AuditReport, Severity


def render(report: AuditReport, fail_on: Severity) -> str:
    """`path:line:col: ID severity name: message` plus a `fix:` line per active finding."""
    lines = []
    for finding in report.active:
        rule = finding.rule
        lines.append(
            f"{finding.path}:{finding.line}:{finding.column}: {rule.id} "
            f"[{rule.severity.value}] {rule.name}: {finding.message}"
        )
        lines.append(f"    fix: {rule.hint}")
    if lines:
        lines.append("")
    lines.append(summary(report, fail_on))
    return "\n".join(lines) + "\n"


def summary(report: AuditReport, fail_on: Severity) -> str:
    """One line: what was scanned, what was found, and whether that fails the run."""
    active = report.active
    counts = [
        f"{sum(1 for f in active if f.rule.severity is severity)} {severity.value}"
        for severity in reversed(Severity)
        if any(f.rule.severity is severity for f in active)
    ]
    found = _count(len(active), "finding")
    if counts:
        found += f" ({', '.join(counts)})"
    suppressed = len(report.suppressed)
    verdict = "FAIL" if report.fails(fail_on) else "PASS"
    return (
        f"scaffold check: {_count(report.files_scanned, 'file')}, "
        f"{_count(report.lines_scanned, 'line')}: {found}, "
        f"{suppressed} suppressed; {verdict} (--fail-on {fail_on.value})"
    )


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"
