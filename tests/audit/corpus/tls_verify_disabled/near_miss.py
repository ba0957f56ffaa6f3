import httpx
import jwt
import requests


def fetch(url: str, token: str):
    requests.get(url, timeout=5, verify=True)
    requests.get(url, timeout=5, verify="/etc/ssl/certs/upstream-ca.pem")
    httpx.Client(verify=True, timeout=10)
    jwt.decode(token, options={"verify_signature": True}, verify=False)
