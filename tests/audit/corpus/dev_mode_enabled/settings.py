import os

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings

DEV_MODE = True  # expect: SCF201


class Settings(BaseSettings):
    dev_mode: bool = True  # expect: SCF201
    auth_token: SecretStr = Field(min_length=32)


class LegacySettings(BaseSettings):
    devMode: bool = Field(default=True)  # expect: SCF201


USE_DEV = os.getenv("DEV_MODE", "true")  # expect: SCF201
