"""`python -m acme_helpdesk serve`."""

from __future__ import annotations

import sys

import uvicorn

from acme_helpdesk.app import create_app
from acme_helpdesk.settings import Settings


def main(argv: list[str]) -> int:
    if argv[1:2] != ["serve"]:
        print("usage: python -m acme_helpdesk serve", file=sys.stderr)
        return 2
    settings = Settings()
    uvicorn.run(create_app(settings), host="127.0.0.1", port=8000, log_level="info")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
