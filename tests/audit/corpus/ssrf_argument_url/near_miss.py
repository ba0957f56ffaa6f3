from urllib.parse import quote, urlparse

import httpx
import requests
from integrations_sdk.component import FunctionEnv, workflow_action

ALLOWED_HOSTS = {"api.upstream.test"}
upstream_client = httpx.AsyncClient(base_url="https://api.upstream.test", timeout=10)


@workflow_action(description="Get a ticket", result={})
def get_ticket(ticket_id: str, env: FunctionEnv):
    return requests.get(f"https://api.upstream.test/tickets/{quote(ticket_id, safe='')}", timeout=5).json()


@workflow_action(description="Get a comment", result={})
async def get_comment(comment_id: str, env: FunctionEnv):
    response = await upstream_client.get(f"/comments/{quote(comment_id, safe='')}")
    return {"id": response.json()["id"]}


@workflow_action(description="List tickets", result={}, env=["base_url"])
def list_tickets(status: str, env: FunctionEnv):
    base_url = env.info["base_url"]
    return requests.get(f"{base_url}/tickets", params={"status": status}, timeout=5).json()


@workflow_action(description="Fetch an attachment", result={})
def fetch_attachment(url: str, env: FunctionEnv):
    if urlparse(url).hostname not in ALLOWED_HOSTS:
        raise ValueError("host not allowed")
    return {"size": len(requests.get(url, timeout=5).content)}


@workflow_action(description="Fetch a link", result={})
def fetch_link(link: str, env: FunctionEnv):
    validate_upstream_url(link)
    return {"size": len(requests.get(link, timeout=5).content)}


def validate_upstream_url(url: str) -> None:
    return None


def not_an_action(url: str):
    return requests.get(url, timeout=5)
