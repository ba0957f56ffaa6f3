"""Look-alikes: placeholders, documented examples, env var names, patterns and metadata."""

import os
import re
import uuid

AWS_DOC_EXAMPLE = "AKIAIOSFODNN7EXAMPLE"
STRIPE_PLACEHOLDER = "sk_live_..."
WHSEC_PLACEHOLDER = "whsec_<your signing secret>"
CANARY = "sk_live_CANARY_" + uuid.uuid4().hex
REDACTION_PATTERNS = [
    re.compile(r"(sk|rk)_(live|test)_[0-9a-zA-Z]{16,}"),
    re.compile(r"whsec_[A-Za-z0-9+/=]+"),
    re.compile(r"AKIA[0-9A-Z]{16}"),
    re.compile(r"gh[pousr]_[A-Za-z0-9_]{36}"),
]
api_key = os.environ["API_KEY"]
API_KEY_ENV = "ACME_SERVICE_API_KEY"
token_url = "https://auth.upstream.test/oauth/token"
api_key_header = "X-Api-Key"
password = ""
webhook_secret = os.getenv("WEBHOOK_SECRET", "")
secret_name = "prod-webhook-secret-v2"
request_id = "3f2a9c1e7b6d4a08a1c2e3f4b5d6c7e8"
REDIS_URL = "redis://localhost:6379/0"
BROKER_URL = "amqp://guest@localhost//"
HEADER_TEMPLATE = {"Authorization": "Bearer {token}"}
DOCS = "Set the key with `export STRIPE_KEY=sk_live_xxxxxxxxxxxxxxxxxxxxxxxx`."
token = r"[-!#$%&'*+.^_`|~0-9a-zA-Z]+"
STUB_PACKAGES = {"auth0": "types-auth0-python", "redis": "types-redis"}
DOCS_URL = "https://jo%40email.com:a%20secret@example.test:1234/path"
