"""Helpers shared by the `scaffold check` tests: where the data lives, how to prepare it.

(Kept out of conftest.py: importing from a conftest is ambiguous once a suite has several.)
"""

from __future__ import annotations

import random
import re
import shutil
import string
from pathlib import Path

HERE = Path(__file__).parent
CORPUS = HERE / "corpus"
SAMPLES = HERE / "samples"

_PLACEHOLDER = re.compile(r"@@([A-Z0-9_]+)@@")


def _random_text(generator: random.Random, alphabet: str, length: int) -> str:
    return "".join(generator.choice(alphabet) for _ in range(length))


def runtime_credentials() -> dict[str, str]:
    """Credentials in real formats, built at run time so that none is written in the repo.

    The prefixes are split so that the test source itself matches no secret pattern.
    """
    generator = random.Random(20240611)  # noqa: S311 (fixed test data, not a key)
    alnum = string.ascii_letters + string.digits
    upper = string.ascii_uppercase + string.digits

    def random_mixed(length: int) -> str:
        # Always mixed-case with a digit, so it reads as generated rather than as a word.
        return "Q7" + _random_text(generator, alnum, length - 3) + "x"

    return {
        "STRIPE_LIVE_KEY": "sk" + "_live_" + random_mixed(24),
        "GITHUB_TOKEN": "gh" + "p_" + random_mixed(36),
        "SLACK_BOT_TOKEN": "xo" + "xb-" + "2048" + "13579246-" + random_mixed(24),
        "AWS_ACCESS_KEY_ID": "AK" + "IA" + "Q7" + _random_text(generator, upper, 14),
        "WEBHOOK_SECRET": "wh" + "sec_" + random_mixed(32),
        "PRIVATE_KEY_HEADER": "-----BEGIN RSA " + "PRIVATE KEY-----" + random_mixed(40),
        "URL_PASSWORD": random_mixed(16),
        "RANDOM_24": random_mixed(24),
        "RANDOM_32": random_mixed(32),
        "RANDOM_40": random_mixed(40),
    }


def materialize(source: Path, destination: Path) -> Path:
    """Copy a sample project to `destination`, filling `@@NAME@@` credential placeholders."""
    shutil.copytree(source, destination)
    credentials = runtime_credentials()
    for path in destination.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        if "@@" in text:
            path.write_text(
                _PLACEHOLDER.sub(lambda match: credentials[match.group(1)], text), encoding="utf-8"
            )
    return destination
