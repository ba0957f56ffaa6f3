from pydantic import SecretStr
from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    dev_mode: bool = False
    auth_token: str  # expect: SCF102
    connection_server_url: str
    connection_server_key: str  # expect: SCF102
    replay_store_password: SecretStr | None = None
