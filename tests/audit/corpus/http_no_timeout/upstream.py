import httpx
import requests
from requests import Session


def fetch(url: str):
    requests.get(url)  # expect: SCF401
    requests.post(url, json={}, timeout=None)  # expect: SCF401
    session = Session()
    session.get(url)  # expect: SCF401
    httpx.get(url, timeout=None)  # expect: SCF401
    httpx.get(url)  # expect: SCF401


client = httpx.AsyncClient(base_url="https://api.upstream.test", timeout=None)  # expect: SCF401
slow = httpx.Client(timeout=httpx.Timeout(None))  # expect: SCF401
implicit = httpx.AsyncClient(base_url="https://api.upstream.test")  # expect: SCF401


class Upstream:
    def __init__(self):
        self.session = requests.Session()

    def tickets(self):
        return self.session.request("GET", "https://api.upstream.test/tickets")  # expect: SCF401
