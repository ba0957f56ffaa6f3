from typing import Optional

from pydantic import BaseModel, SecretStr


class Secrets(BaseModel):
    api_token: str  # expect: SCF102
    webhook_secret: Optional[str] = None  # expect: SCF102
    refresh_token: SecretStr


class SlackTriggerSecrets(BaseModel):
    signing_secret: bytes  # expect: SCF102
