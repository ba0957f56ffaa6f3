import re
from urllib.parse import quote, quote_plus

import httpx
import requests
from integrations_sdk.component import FunctionEnv, workflow_action

upstream_client = httpx.AsyncClient(base_url="https://api.upstream.test", timeout=10)
_TICKET_ID = re.compile(r"[0-9]{1,12}")


@workflow_action(description="Get an item", result={}, env=["baseUrl"])
def get_item(url: str, env: FunctionEnv):
    return requests.get(env.info["baseUrl"] + "/items/" + quote(url, safe=""), timeout=5).json()


@workflow_action(description="Get a ticket", result={})
def get_ticket(ticket_id: str, env: FunctionEnv):
    if not _TICKET_ID.fullmatch(ticket_id):
        raise ValueError("ticket_id must be numeric")
    return requests.get(f"https://api.upstream.test/tickets/{ticket_id}", timeout=5).json()


@workflow_action(
    description="Get a page", result={}, arguments={"page": {"type": "integer", "required": True}}
)
async def get_page(page: int, env: FunctionEnv):
    response = await upstream_client.get(f"/pages/{page}")
    return {"id": response.json()["id"]}


@workflow_action(description="Get a user", result={})
async def get_user(user_id: str, env: FunctionEnv):
    if not user_id.isdigit():
        raise ValueError("user_id must be numeric")
    response = await upstream_client.get(f"/users/{user_id}")
    return {"id": response.json()["id"]}


@workflow_action(description="Search", result={})
async def search_tickets(query: str, label: str, env: FunctionEnv):
    response = await upstream_client.get("/search", params={"q": query})
    labelled = await upstream_client.get(f"/search?label={quote_plus(label)}")
    return {"count": len(response.json()) + len(labelled.json())}


@workflow_action(description="Get an attachment", result={})
async def get_attachment(ticket_id: str, name: str, env: FunctionEnv):
    path = f"/tickets/{quote(ticket_id, safe='')}/attachments/{int(name)}#{name}"
    response = await upstream_client.get(path)
    return {"size": len(response.content)}
