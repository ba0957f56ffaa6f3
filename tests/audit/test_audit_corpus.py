"""Every seeded problem in the corpus is found at its line, and nothing else is.

Each directory under corpus/ is audited as a project. Lines ending in `# expect: SCF123`
must produce exactly that finding (rule id and line); every other line, including all of
`near_miss.py`, must produce nothing.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from audit_support import CORPUS, materialize

from scaffold.audit import RULES, Rule, audit
from scaffold.audit.rules.meta import RULES as META_RULES

_EXPECT = re.compile(r"#\s*expect:\s*(?P<ids>SCF\d{3}(?:\s*,\s*SCF\d{3})*)\s*$")
CASES = sorted(path.name for path in CORPUS.iterdir() if path.is_dir())
CHECKED_RULES = [rule for rule in RULES if rule not in META_RULES]

Location = tuple[str, int, str]


def expected_findings(root: Path) -> set[Location]:
    """(path, line, rule id) for every `# expect:` marker under root."""
    expected = set()
    for path in sorted(root.rglob("*.py")):
        relative = path.relative_to(root).as_posix()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            match = _EXPECT.search(line)
            if match:
                for rule_id in re.split(r"\s*,\s*", match.group("ids")):
                    expected.add((relative, number, rule_id))
    return expected


def directory_for(rule_name: str) -> str:
    return rule_name.replace("-", "_")


@pytest.mark.parametrize("case", CASES)
def test_corpus_findings_match_markers_exactly(case: str, tmp_path: Path) -> None:
    root = materialize(CORPUS / case, tmp_path / case)
    expected = expected_findings(root)
    report = audit(root)
    found = {(f.path, f.line, f.rule.id) for f in report.findings}
    messages = {(f.path, f.line, f.rule.id): f.message for f in report.findings}

    missed = sorted(expected - found)
    unexpected = sorted(f"{location}: {messages[location]}" for location in found - expected)
    assert not missed and not unexpected, f"missed: {missed}\nunexpected: {unexpected}"
    assert not report.suppressed


@pytest.mark.parametrize("rule", CHECKED_RULES, ids=[rule.id for rule in CHECKED_RULES])
def test_every_rule_has_a_found_case_and_a_near_miss(rule: Rule, tmp_path: Path) -> None:
    case = CORPUS / directory_for(rule.name)
    assert case.is_dir(), f"no corpus directory {case.name}/ for {rule.id}"
    assert (case / "near_miss.py").is_file(), f"{case.name}/ has no near_miss.py"

    root = materialize(case, tmp_path / case.name)
    seeded = {rule_id for _, _, rule_id in expected_findings(root)}
    assert rule.id in seeded, f"{case.name}/ seeds no {rule.id} finding"
    near_misses = [f for f in audit(root).findings if f.path == "near_miss.py"]
    assert not near_misses, f"near_miss.py fired: {near_misses}"


def test_markers_name_existing_rules() -> None:
    known = {rule.id for rule in RULES}
    for case in CASES:
        for _, _, rule_id in expected_findings(CORPUS / case):
            assert rule_id in known, f"{case}: marker names unknown rule {rule_id}"


# (case, file, line, words the message must contain, words it must not)
MESSAGES = [
    # issue #12: a trusted base plus an argument is a path problem, not a host one
    ("unvalidated_url_path", "actions.py", 12, "`url` into the URL path unvalidated", "host comes"),
    ("unvalidated_url_path", "actions.py", 30, "through quote(), which keeps `/`", "host comes"),
    ("unvalidated_url_path", "actions.py", 35, "into the URL query unencoded", "host comes"),
    ("ssrf_argument_url", "actions.py", 19, "host comes from action argument `host`", "path"),
    ("non_constant_time_compare", "webhooks.py", 12, "`signature` is compared with `!=`", ""),
    ("secret_env_default", "server.py", 7, "AUTH_TOKEN falls back to a hard-coded", "changeme"),
    ("bind_all_interfaces", "main.py", 17, "host='0.0.0.0') listens on every network", ""),
    ("bind_all_interfaces", "main.py", 21, "(HOST = '0.0.0.0')", ""),
]


@pytest.mark.parametrize(("case", "file", "line", "present", "absent"), MESSAGES)
def test_messages_say_what_the_risk_is(
    case: str, file: str, line: int, present: str, absent: str, tmp_path: Path
) -> None:
    root = materialize(CORPUS / case, tmp_path / case)
    [message] = [f.message for f in audit(root).findings if (f.path, f.line) == (file, line)]
    assert present in message
    assert not absent or absent not in message
