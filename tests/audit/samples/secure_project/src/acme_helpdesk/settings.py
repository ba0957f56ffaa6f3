"""Server settings: production by default, refusing insecure configuration."""

from __future__ import annotations

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    dev_mode: bool = False
    auth_token: SecretStr = Field(min_length=32)
    connection_server_url: str = "https://connections.ebbot.test"
    connection_server_key: SecretStr
    replay_store_url: str | None = None
    max_body_bytes: int = 262_144
    webhook_tolerance_seconds: int = 300

    @model_validator(mode="after")
    def refuse_insecure_production(self) -> Settings:
        if not self.dev_mode and not self.connection_server_url.startswith("https://"):
            raise ValueError("CONNECTION_SERVER_URL must use https outside dev mode")
        return self
