"""One tenant's connection: non-secret Options, SecretStr Secrets, and a validator."""

from __future__ import annotations

import re

from pydantic import BaseModel, SecretStr, field_validator

_TENANT_HOST = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}\.acmehelpdesk\.test$")


class Options(BaseModel):
    base_url: str
    default_queue: str = "support"
    api_key_header: str = "X-Api-Key"

    @field_validator("base_url")
    @classmethod
    def https_and_allowlisted(cls, value: str) -> str:
        if not value.startswith("https://"):
            raise ValueError("base_url must use https")
        host = value.removeprefix("https://").split("/", 1)[0]
        if not _TENANT_HOST.fullmatch(host):
            raise ValueError("base_url host is not an Acme Helpdesk tenant")
        return value.rstrip("/")


class Secrets(BaseModel):
    api_key: SecretStr
    webhook_secret: SecretStr
    previous_webhook_secret: SecretStr | None = None


def validate_connection(secrets: Secrets, options: Options) -> None:
    """Side-effect free: the SDK calls it several times per request."""
    if len(secrets.api_key.get_secret_value()) < 20:
        raise ValueError("api_key looks truncated")
