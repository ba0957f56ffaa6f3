import os

from pydantic import BaseModel, Field, SecretStr
from pydantic_settings import BaseSettings

AUTH_TOKEN = os.environ["AUTH_TOKEN"]
WEBHOOK_SECRET = os.environ.get("WEBHOOK_SECRET")
if not WEBHOOK_SECRET:
    raise SystemExit("set WEBHOOK_SECRET")
API_KEY = os.getenv("API_KEY", None)
CLIENT_SECRET = os.getenv("CLIENT_SECRET", "")
TOKEN_URL = os.getenv("TOKEN_URL", "https://auth.upstream.test/oauth/token")
LOG_LEVEL = os.getenv("LOG_LEVEL", "info")
API_KEY_HEADER = os.environ.get("API_KEY_HEADER", "X-Api-Key")


class Settings(BaseSettings):
    auth_token: SecretStr
    connection_server_key: SecretStr | None = None
    webhook_secret: SecretStr | None = Field(default=None, description="Signing secret.")
    client_secret: SecretStr = Field(..., min_length=32)
    token_url: str = "https://auth.upstream.test/oauth/token"
    api_key_header: str = "X-Api-Key"


class Example(BaseModel):
    token: str = "shown-in-the-docs"
