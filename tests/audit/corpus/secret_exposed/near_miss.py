import httpx
from integrations_sdk.component import FieldInfo, FunctionEnv, workflow_action


def statuses(env: FunctionEnv):
    """Uses options (env.info), never secrets, for the form."""
    return {"status": FieldInfo(label="Status", options=[(env.info["default_status"], "Default")])}


@workflow_action(description="Create a ticket", result={}, secrets=["api_key"], info=statuses)
def create_ticket(title: str, env: FunctionEnv):
    headers = {"Authorization": f"Bearer {env.secrets['api_key']}"}
    response = httpx.post(
        "https://api.upstream.test/tickets", json={"title": title}, headers=headers, timeout=10
    )
    ticket = response.json()
    return {"id": ticket["id"], "configured": bool(env.secrets.get("api_key"))}


@workflow_action(description="Check the connection", result={}, secrets=["api_key"])
def check_connection(env: FunctionEnv):
    return {"secret_count": len(env.secrets), "names": sorted(env.secrets.keys())}


class AcmeClient:
    def __init__(self, api_key: str):
        self.api_key = api_key

    def create_ticket(self, title: str) -> dict:
        return {"id": "1", "title": title}


@workflow_action(description="Open a ticket", result={}, secrets=["api_key"])
def open_ticket(title: str, env: FunctionEnv):
    client = AcmeClient(api_key=env.secrets["api_key"])
    ticket = client.create_ticket(title)
    return {"id": ticket["id"], "title": ticket["title"]}
