import httpx
import requests


def fetch(url: str):
    requests.get(url, timeout=5, verify=False)  # expect: SCF402
    session = requests.Session()
    session.verify = False  # expect: SCF402
    session.post(url, timeout=5, verify=False)  # expect: SCF402


insecure = httpx.AsyncClient(verify=False, timeout=10)  # expect: SCF402
