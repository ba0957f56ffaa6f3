from pydantic import BaseModel, SecretStr


class ConnectionOptions(BaseModel):
    base_url: str
    api_key: str  # expect: SCF101
    client_secret: str  # expect: SCF101
    webhookSecret: str  # expect: SCF101
    signing_password: SecretStr  # expect: SCF101


class ConnectionSecrets(BaseModel):
    api_token: SecretStr


class TicketTriggerOptions(BaseModel):
    status: str
    verify_token: str  # expect: SCF101


class ZendeskOptions(BaseModel):
    subdomain: str
    access_token: str  # expect: SCF101
