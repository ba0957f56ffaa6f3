import os
from os import environ, getenv

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings

AUTH_TOKEN = os.environ.get("AUTH_TOKEN", "changeme")  # expect: SCF106
WEBHOOK_SECRET = os.getenv("X_SECRET", "dev-secret")  # expect: SCF106
API_KEY = getenv("ACME_API_KEY", default="local-key")  # expect: SCF106
DB_PASSWORD = environ.get("DB_PASSWORD") or "postgres"  # expect: SCF106
os.environ.setdefault("CONNECTION_SERVER_KEY", "dev")  # expect: SCF106


class Settings(BaseSettings):
    auth_token: SecretStr = SecretStr("changeme")  # expect: SCF106
    webhook_secret: SecretStr = Field(default="whsec-test")  # expect: SCF106
    client_secret: SecretStr = Field("local")  # expect: SCF106
