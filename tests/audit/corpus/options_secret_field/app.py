from integrations_sdk.server import start_workflow_server

from .connection import ConnectionOptions as Options
from .connection import ConnectionSecrets
from .settings import settings


def create_app():
    return start_workflow_server(
        "corpus.fns",
        settings.storage_url,
        settings.storage_key.get_secret_value(),
        options=Options,
        secrets=ConnectionSecrets,
        auth_token=settings.auth_token.get_secret_value(),
    )
