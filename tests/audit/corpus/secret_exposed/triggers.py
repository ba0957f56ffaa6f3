import hmac

from fastapi import Request
from integrations_sdk.server import start_workflow_server
from integrations_sdk.triggers import workflow_trigger


def install_help(connection, get_env):
    return f"Paste {get_env().secrets['webhook_secret']} into the upstream settings"  # expect: SCF104


@workflow_trigger(description="Ticket created", result={}, connectionSecrets=["webhook_secret"])
def ticket_created(dispatch, app, getEnv):
    @app.post("/webhooks/{subscription_id}")
    async def receive(subscription_id: str, request: Request):
        env = getEnv(subscription_id)
        secret = env.secrets["webhook_secret"]
        if not hmac.compare_digest(request.headers.get("x-signature", ""), secret):
            return {"ok": False}
        event = await request.json()
        dispatch(subscription_id, {"id": event["id"], "secret": secret})  # expect: SCF104


def create_app(settings):
    return start_workflow_server(
        "corpus.fns",
        settings.storage_url,
        settings.storage_key,
        post_install_instructions=install_help,
        auth_token=settings.auth_token,
    )
