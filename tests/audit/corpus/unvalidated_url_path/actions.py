from urllib.parse import quote

import httpx
import requests
from integrations_sdk.component import FunctionEnv, workflow_action

upstream_client = httpx.AsyncClient(base_url="https://api.upstream.test", timeout=10)


@workflow_action(description="Get an item", result={}, env=["baseUrl"])
def get_item(url: str, env: FunctionEnv):
    return requests.get(env.info["baseUrl"] + "/items/" + url, timeout=5).json()  # expect: SCF405


@workflow_action(description="Get a ticket", result={})
def get_ticket(ticket_id: str, env: FunctionEnv):
    return requests.get(f"https://api.upstream.test/tickets/{ticket_id}", timeout=5).json()  # expect: SCF405


@workflow_action(description="Get a comment", result={})
async def get_comment(comment_id: str, env: FunctionEnv):
    path = "/comments/" + comment_id.strip()
    response = await upstream_client.get(path)  # expect: SCF405
    return {"id": response.json()["id"]}


@workflow_action(description="Get a user", result={}, env=["baseUrl"])
def get_user(user_id: str, env: FunctionEnv):
    base = env.info["baseUrl"]
    return requests.get("{}/users/{}".format(base, quote(user_id)), timeout=5).json()  # expect: SCF405


@workflow_action(description="Search", result={})
async def search_tickets(query: str, env: FunctionEnv):
    response = await upstream_client.get(f"/search?q={query}")  # expect: SCF405
    return {"count": len(response.json())}
