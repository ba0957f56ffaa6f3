import argparse
import os

import uvicorn
from pydantic_settings import BaseSettings

from .app import app

HOST = "0.0.0.0"


class Settings(BaseSettings):
    host: str = "::"  # expect: SCF205


def serve() -> None:
    uvicorn.run(app, host="0.0.0.0", port=8000)  # expect: SCF205


def serve_constant() -> None:
    uvicorn.run("pkg.app:app", host=HOST)  # expect: SCF205


def serve_env() -> None:
    uvicorn.run(app, host=os.getenv("HOST", "0.0.0.0"))  # expect: SCF205


def serve_config() -> None:
    config = uvicorn.Config(app, "::", 8000)  # expect: SCF205
    uvicorn.Server(config).run()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="0.0.0.0")  # expect: SCF205
