import hmac
import json


def verify_signature(raw, headers, env):
    expected = hmac.new(env.secrets["webhook_secret"].encode(), raw, "sha256").hexdigest()
    if not hmac.compare_digest(expected, headers.get("x-signature", "")):
        raise PermissionError("invalid signature")


def parse(raw):
    return json.loads(raw)
