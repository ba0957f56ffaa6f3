import hashlib
import hmac

ACCESS_TOKEN = "token-for-tests"


def fake_upstream(request):
    revoked = request.headers["Authorization"] == "Bearer " + ACCESS_TOKEN
    return 401 if revoked else 200


def test_signature_of_a_known_vector() -> None:
    expected = hmac.new(b"k", b"body", hashlib.sha256).hexdigest()
    assert expected == hmac.new(b"k", b"body", hashlib.sha256).hexdigest()
