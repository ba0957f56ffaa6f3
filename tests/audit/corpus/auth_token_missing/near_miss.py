from integrations_sdk.server import start_workflow_server

from .settings import settings

configured = start_workflow_server(
    "corpus.fns",
    settings.storage_url,
    settings.storage_key.get_secret_value(),
    auth_token=settings.auth_token.get_secret_value(),
    dev_mode=settings.dev_mode,
)

SERVER_ARGS = {"auth_token": settings.auth_token.get_secret_value()}
from_kwargs = start_workflow_server("corpus.fns", settings.storage_url, settings.key, **SERVER_ARGS)

all_positional = start_workflow_server(
    "corpus.fns", settings.storage_url, settings.key, None, None, "Title", False, None, None,
    None, None, None, settings.token,
)
