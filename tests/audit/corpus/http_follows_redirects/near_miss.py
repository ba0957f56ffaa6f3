import httpx
import requests

client = httpx.AsyncClient(follow_redirects=False, trust_env=False, timeout=10)


def fetch(url: str, browser):
    requests.get(url, timeout=5, allow_redirects=False)
    httpx.get(url, timeout=10)
    browser.open(url, follow_redirects=True)
