from typing import Annotated, ClassVar, Optional

import pydantic
from pydantic import BaseModel, ConfigDict, Field, SecretStr
from pydantic_settings import BaseSettings


class ConnectionSecrets(BaseModel):
    model_config = ConfigDict(hide_input_in_errors=True)
    KIND: ClassVar[str] = "connection"

    api_key: SecretStr
    webhook_secret: SecretStr | None = None
    previous_webhook_secret: Optional[SecretStr] = None
    client_secret: Annotated[SecretStr, Field(min_length=16)]
    private_key: pydantic.SecretStr
    legacy: "SecretStr"
    _cache: dict = {}


class ServerSettings(BaseSettings):
    """Secret-named settings are SecretStr; other settings may be plain."""

    auth_token: SecretStr
    token_url: str = "https://auth.upstream.test/oauth/token"
    max_body_bytes: int = 262144
    dev_mode: bool = False
