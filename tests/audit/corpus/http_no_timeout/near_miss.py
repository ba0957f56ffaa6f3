import httpx
import requests

TIMEOUT = httpx.Timeout(connect=3, read=10, write=10, pool=3)
client = httpx.AsyncClient(base_url="https://api.upstream.test", timeout=TIMEOUT)


async def fetch(url: str, **options):
    requests.get(url, timeout=5)
    requests.get(url, **options)
    httpx.get(url, timeout=TIMEOUT)
    await client.get("/tickets")
    with requests.Session() as session:
        session.get(url, timeout=(3, 10))
    async with httpx.AsyncClient(timeout=httpx.Timeout(10, connect=3)) as local:
        await local.post("/tickets", json={})
    cache = {}
    cache.get(url)
