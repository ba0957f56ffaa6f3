from integrations_sdk import server
from integrations_sdk.server import start_workflow_server as start

from .connection import Options, Secrets
from .settings import settings

public_app = start(  # expect: SCF202
    "corpus.fns",
    settings.storage_url,
    settings.storage_key,
    options=Options,
    secrets=Secrets,
)

explicit_none = server.start_workflow_server(
    "corpus.fns",
    settings.storage_url,
    settings.storage_key,
    auth_token=None,  # expect: SCF202
)

empty = start("corpus.fns", settings.storage_url, settings.storage_key, auth_token="")  # expect: SCF202
