"""`scaffold check`: audit a workflow server built on the Ebbot Integrations SDK.

Static analysis only: files are parsed with `ast`, never imported or run. The rules encode
the SDK security page's secure-by-default checklist (DESIGN.md, "Security stance"); see
`RULES` for the catalogue and `scaffold.audit.rules` for how ids are allocated.

    report_text, exit_code = run_check(Path("my-integration"), output_format="sarif")
    print(format_rule_catalogue())  # `scaffold check --list-rules`
"""

from __future__ import annotations

from pathlib import Path

from scaffold.audit.model import AuditReport, Finding, Rule, Severity
from scaffold.audit.reporters import REPORTERS, reporter_for
from scaffold.audit.rules import RULES, rule_for
from scaffold.audit.runner import audit
from scaffold.errors import UsageError

FORMATS = tuple(REPORTERS)
DEFAULT_FAIL_ON = "high"


def run_check(
    path: Path,
    *,
    output_format: str = "text",
    fail_on: str = DEFAULT_FAIL_ON,
    select: str | None = None,
) -> tuple[str, int]:
    """Audit the project at path; return (report text to print on stdout, exit code 0/1).

    The exit code is 1 when an unsuppressed finding is at least as severe as `fail_on`
    (low, medium, high or critical). `select` (`"SCF404,secret-logged"`) keeps only those
    rules' findings, plus the audit's own SCF0xx ones. Raises scaffold.errors.UsageError for
    a path that is neither a directory nor a .py file, an unknown format, severity or rule.
    """
    render = reporter_for(output_format)
    threshold = Severity.parse(fail_on)
    selected = parse_selection(select) if select is not None else None
    report = audit(Path(path), select=selected)
    return render(report, threshold), 1 if report.fails(threshold) else 0


def parse_selection(text: str) -> frozenset[Rule]:
    """The rules named in `--select` (ids or names, comma-separated); UsageError otherwise."""
    keys = [key.strip() for key in text.split(",") if key.strip()]
    if not keys:
        raise UsageError("--select names no rule: give ids or names, e.g. --select SCF404,SCF405")
    unknown = [key for key in keys if rule_for(key) is None]
    if unknown:
        raise UsageError(
            f"--select: unknown rule {', '.join(unknown)}; `scaffold check --list-rules` lists them"
        )
    return frozenset(rule for rule in map(rule_for, keys) if rule is not None)


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
    "parse_selection",
    "run_check",
]
