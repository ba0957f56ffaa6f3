import httpx
import requests

client = httpx.AsyncClient(follow_redirects=True, timeout=10)  # expect: SCF403


def fetch(url: str):
    requests.get(url, timeout=5, allow_redirects=True)  # expect: SCF403
    httpx.get(url, timeout=10, follow_redirects=True)  # expect: SCF403
    client.follow_redirects = True  # expect: SCF403
