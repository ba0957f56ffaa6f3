import argparse
import os

import uvicorn
from pydantic_settings import BaseSettings

from .app import app


class Settings(BaseSettings):
    host: str = "127.0.0.1"
    upstream_host: str = "api.upstream.test"


def serve_loopback() -> None:
    uvicorn.run(app, host="127.0.0.1", port=8000)
    uvicorn.run(app, host="localhost")
    uvicorn.run(app, host="::1")


def serve_configured(settings: Settings, args: argparse.Namespace) -> None:
    # The operator decides: a container sets HOST=0.0.0.0 in its image, documented there.
    uvicorn.run(app, host=settings.host)
    uvicorn.run(app, host=args.host)
    uvicorn.run(app, host=os.environ["HOST"])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="127.0.0.1", help="interface to bind")
    parser.add_argument("--upstream", default="0.0.0.0")
    rows = list(range(10))[::2]
    print(rows)
