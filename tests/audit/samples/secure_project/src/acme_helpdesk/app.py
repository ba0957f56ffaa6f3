"""create_app(settings): the SDK server, then the hardening layer around it."""

from __future__ import annotations

from fastapi import FastAPI
from integrations_sdk.server import start_workflow_server

from acme_helpdesk.connection import Options, Secrets, validate_connection
from acme_helpdesk.hardening import harden
from acme_helpdesk.settings import Settings

INSTALL_INSTRUCTIONS = (
    "Register https://<your host>/webhooks/ticket-created/<subscription id> in Acme Helpdesk "
    "and paste the webhook signing secret into this connection's Secrets."
)


def create_app(settings: Settings) -> FastAPI:
    app = start_workflow_server(
        "acme_helpdesk.fns",
        settings.connection_server_url,
        settings.connection_server_key.get_secret_value(),
        options=Options,
        secrets=Secrets,
        title="Acme Helpdesk",
        dev_mode=settings.dev_mode,
        install_instructions=INSTALL_INSTRUCTIONS,
        validator=validate_connection,
        auth_token=settings.auth_token.get_secret_value(),
        author="Acme Integrations",
    )
    return harden(app, settings)
