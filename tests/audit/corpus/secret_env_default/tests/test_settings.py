import os

TOKEN = os.environ.get("AUTH_TOKEN", "token-for-tests")
