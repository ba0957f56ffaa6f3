from integrations_sdk.server import start_workflow_server

from .settings import Settings

settings = Settings()

app = start_workflow_server(
    "corpus.fns",
    settings.storage_url,
    settings.storage_key,
    dev_mode=True,  # expect: SCF201
    auth_token=settings.auth_token,
)

legacy = start_workflow_server(
    "corpus.fns", "", settings.storage_key, None, None, "Legacy", True,  # expect: SCF201
    auth_token=settings.auth_token,
)
