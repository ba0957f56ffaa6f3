"""`scaffold check`: audit a workflow server built on the Ebbot Integrations SDK.

Static analysis only: files are parsed with `ast`, never imported or run. The rules encode
the SDK security page's secure-by-default checklist (DESIGN.md, "Security stance"); see
`RULES` for the catalogue and `scaffold.audit.rules` for how ids are allocated.

    report_text, exit_code = run_check(Path("my-integration"), output_format="sarif")
"""

from __future__ import annotations

from pathlib import Path

from scaffold.audit.model import AuditReport, Finding, Rule, Severity
from scaffold.audit.reporters import REPORTERS, reporter_for
from scaffold.audit.rules import RULES
from scaffold.audit.runner import audit

FORMATS = tuple(REPORTERS)
DEFAULT_FAIL_ON = "high"


def run_check(
    path: Path, *, output_format: str = "text", fail_on: str = DEFAULT_FAIL_ON
) -> tuple[str, int]:
    """Audit the project at path; return (report text to print on stdout, exit code 0/1).

    The exit code is 1 when an unsuppressed finding is at least as severe as `fail_on`
    (low, medium, high or critical). Raises scaffold.errors.UsageError for a path that is
    neither a directory nor a .py file, an unknown format or an unknown severity.
    """
    render = reporter_for(output_format)
    threshold = Severity.parse(fail_on)
    report = audit(Path(path))
    return render(report, threshold), 1 if report.fails(threshold) else 0


def format_rule_catalogue() -> str:
    """The catalogue as text, one rule per line (for `scaffold check --list-rules`)."""
    width = max(len(rule.name) for rule in RULES)
    lines = [
        f"{rule.id}  {rule.severity.value:<8}  {rule.name:<{width}}  {rule.summary}"
        for rule in RULES
    ]
    return "\n".join(lines) + "\n"


__all__ = [
    "DEFAULT_FAIL_ON",
    "FORMATS",
    "RULES",
    "AuditReport",
    "Finding",
    "Rule",
    "Severity",
    "audit",
    "format_rule_catalogue",
    "run_check",
]
