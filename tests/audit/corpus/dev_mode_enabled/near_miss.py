import os

from integrations_sdk.server import start_workflow_server
from pydantic import Field
from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    dev_mode: bool = False
    development_mode_banner: bool = True
    dev_mode_db_path: str = "dev.db"
    strict: bool = Field(default=True)


def create_app(settings: Settings):
    return start_workflow_server(
        "corpus.fns",
        settings.storage_url,
        settings.storage_key,
        dev_mode=settings.dev_mode,
        auth_token=settings.auth_token,
    )


def make_test_settings():
    dev_mode = True
    return Settings(dev_mode=dev_mode)


PRODUCTION = os.getenv("DEV_MODE", "false") == "false"
