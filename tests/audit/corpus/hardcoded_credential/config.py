"""Seeded credentials: each placeholder is replaced at test time by a credential built at run time."""

from pydantic import SecretStr
from pydantic_settings import BaseSettings

STRIPE_KEY = "@@STRIPE_LIVE_KEY@@"  # expect: SCF103
GITHUB_TOKEN_FOR_CI = "@@GITHUB_TOKEN@@"  # expect: SCF103
SLACK = {"bot": "@@SLACK_BOT_TOKEN@@"}  # expect: SCF103
AWS_ACCESS = "@@AWS_ACCESS_KEY_ID@@"  # expect: SCF103
SIGNING = "@@WEBHOOK_SECRET@@"  # expect: SCF103
REDIS_URL = "redis://cache:@@URL_PASSWORD@@@redis.internal:6379/0"  # expect: SCF103
DEPLOY_KEY = """@@PRIVATE_KEY_HEADER@@"""  # expect: SCF103
api_key = "@@RANDOM_40@@"  # expect: SCF103


class Settings(BaseSettings):
    auth_token: SecretStr = SecretStr("@@RANDOM_32@@")  # expect: SCF103, SCF106
    webhook_secret: str = "@@RANDOM_24@@"  # expect: SCF103, SCF102, SCF106


def make_client(client_factory, token="@@RANDOM_32@@"):  # expect: SCF103
    return client_factory(api_key="@@RANDOM_40@@")  # expect: SCF103


HEADERS = {"X-Api-Key": "@@RANDOM_24@@"}  # expect: SCF103
