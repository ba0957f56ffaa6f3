from integrations_sdk.server import start_workflow_server

app = start_workflow_server(
    "corpus.fns",
    "https://storage.ebbot.test",
    "storage-key",  # expect: SCF103
    auth_token="changeme",  # expect: SCF103
)
