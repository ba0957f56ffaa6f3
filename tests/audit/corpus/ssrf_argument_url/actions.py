from urllib.parse import urljoin

import httpx
import requests
from integrations_sdk.component import FunctionEnv, workflow_action

http_client = httpx.AsyncClient(timeout=10)
API = "https://api.upstream.test/"


@workflow_action(description="Fetch a URL", result={}, arguments={"url": {"type": "string"}})
async def fetch_document(url: str, env: FunctionEnv):
    response = await http_client.get(url)  # expect: SCF404
    return {"status": response.status_code}


@workflow_action(description="Get a ticket", result={})
def get_ticket(host: str, ticket_id: str, env: FunctionEnv):
    return requests.get(f"https://{host}/api/tickets/{ticket_id}", timeout=5).json()  # expect: SCF404


@workflow_action(description="Get a user", result={})
def get_user(domain: str, user_id: str, env: FunctionEnv):
    url = "https://" + domain + ".upstream.test/users/" + user_id
    return requests.get(url, timeout=5).json()  # expect: SCF404


@workflow_action(description="List items", result={})
async def list_items(base_url: str, env: FunctionEnv):
    endpoint = "{}/items?limit=10".format(base_url)
    async with httpx.AsyncClient(timeout=10) as client:
        response = await client.get(endpoint)  # expect: SCF404
    return {"count": len(response.json())}


@workflow_action(description="Get by path", result={})
def get_by_path(path: str, env: FunctionEnv):
    requests.get(urljoin(API, path), timeout=5)  # expect: SCF404
    requests.get("https://api.upstream.test%s" % path, timeout=5)  # expect: SCF404
    return requests.get(f"https://api.upstream.test{path}", timeout=5).json()  # expect: SCF404


@workflow_action(description="Sync", result={})
async def sync_account(account_url: str, env: FunctionEnv):
    async with httpx.AsyncClient(base_url=account_url, timeout=10) as client:  # expect: SCF404
        await client.post("/sync")
    return {}


@workflow_action(description="Get an item", result={}, env=["baseUrl"])
def get_item_by_suffix(suffix: str, env: FunctionEnv):
    # No `/` between base and argument: "@evil.test" or ".evil.test" moves the host.
    return requests.get(env.info["baseUrl"] + suffix, timeout=5).json()  # expect: SCF404
