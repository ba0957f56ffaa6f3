from dataclasses import dataclass
from typing import ClassVar

from pydantic import BaseModel


class ServiceOptions(BaseModel):
    """Metadata about secrets is fine in Options; secrets themselves are not."""

    base_url: str
    token_url: str
    api_key_header: str = "X-Api-Key"
    max_tokens: int = 1000
    client_id: str
    is_secret_required: bool = True
    auth_method: str = "bearer"
    public_key: str
    secret_name: str
    password_min_length: int = 12
    DEFAULT_SCOPE: ClassVar[str] = "tickets:read"


class CredentialHolder:
    """Not a pydantic model and not passed as options."""

    api_key: str


@dataclass
class ExportOptions:
    """Named *Options but not a BaseModel: not a connection model."""

    api_key: str
