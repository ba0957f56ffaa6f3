"""A hand-written project shaped like a generated one audits clean, and each of its defences
is actually looked at: undoing one defence produces exactly the matching finding.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from audit_support import SAMPLES

from scaffold.audit import audit, run_check

SECURE = SAMPLES / "secure_project"
PACKAGE = "src/acme_helpdesk"


def test_secure_sample_has_no_findings() -> None:
    report = audit(SECURE)
    assert report.files_scanned >= 15
    assert report.findings == ()
    text, exit_code = run_check(SECURE, fail_on="low")
    assert exit_code == 0
    assert "0 findings" in text


# (file, secure text, insecure replacement, rule id(s), file where the findings are reported)
MUTATIONS = [
    ("settings.py", "dev_mode: bool = False", "dev_mode: bool = True", "SCF201", "settings.py"),
    (
        "app.py",
        "auth_token=settings.auth_token.get_secret_value(),",
        "",
        "SCF202",
        "app.py",
    ),
    ("connection.py", "    api_key: SecretStr", "    api_key: str", "SCF102", "connection.py"),
    (
        "connection.py",
        '    default_queue: str = "support"',
        "    api_token: str",
        "SCF101",
        "connection.py",
    ),
    (
        "webhooks/inbound.py",
        "delivery_id = verify_signature(",
        "delivery_id = read_delivery(",
        "SCF301",
        "fns/triggers.py",
    ),
    (
        "fns/triggers.py",
        "if not hmac.compare_digest(supplied, expected):",
        "if supplied != expected:",
        "SCF301,SCF303",  # no verifier left, and the token check is not constant-time
        "fns/triggers.py",
    ),
    (
        "webhooks/inbound.py",
        "event.model_dump(include=DISPATCHED_FIELDS)",
        "json.loads(raw)",
        "SCF302",
        "webhooks/inbound.py",
    ),
    (
        "webhooks/inbound.py",
        'logger.info("refused webhook for subscription %s: bad signature", subscription_id)',
        'logger.info("refused webhook %s", raw)',
        "SCF105",
        "webhooks/inbound.py",
    ),
    (
        "fns/actions/tickets.py",
        'status=str(closed["status"])',
        'status=env.secrets["api_key"]',
        "SCF104",
        "fns/actions/tickets.py",
    ),
    ("upstream.py", "follow_redirects=False", "follow_redirects=True", "SCF403", "upstream.py"),
    ("upstream.py", "timeout=TIMEOUT,", "timeout=None,", "SCF401", "upstream.py"),
    (
        "fns/actions/tickets.py",
        "async def close_ticket(",
        "async def manage_ticket(",
        "SCF501",
        "fns/actions/tickets.py",
    ),
    (
        "__main__.py",
        'log_level="info")',
        'log_level="info", debug=True)',
        "SCF203",
        "__main__.py",
    ),
    ("__main__.py", 'host="127.0.0.1"', 'host="0.0.0.0"', "SCF205", "__main__.py"),
    (
        "hardening.py",
        "if not hmac.compare_digest(supplied, self._expected):",
        "if supplied != self._expected:",
        "SCF303",
        "hardening.py",
    ),
    (
        "settings.py",
        "auth_token: SecretStr = Field(min_length=32)",
        'auth_token: SecretStr = Field("changeme", min_length=32)',
        "SCF106",
        "settings.py",
    ),
]


@pytest.mark.parametrize(
    ("relative", "secure", "insecure", "rule_id", "reported_in"),
    MUTATIONS,
    ids=[f"{rule_id}-{relative}" for relative, _, _, rule_id, _ in MUTATIONS],
)
def test_undoing_one_defence_is_found(
    tmp_path: Path, relative: str, secure: str, insecure: str, rule_id: str, reported_in: str
) -> None:
    root = tmp_path / "project"
    shutil.copytree(SECURE, root)
    target = root / PACKAGE / relative
    text = target.read_text(encoding="utf-8")
    assert text.count(secure) == 1, f"mutation anchor not unique in {relative}"
    target.write_text(text.replace(secure, insecure), encoding="utf-8")

    findings = audit(root).findings
    expected = [(each, f"{PACKAGE}/{reported_in}") for each in rule_id.split(",")]
    assert [(f.rule.id, f.path) for f in findings] == expected
