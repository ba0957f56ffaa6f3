"""An https description is fetched once, size-capped, with a clear error offline (no network:
the opener is a stand-in handler)."""

from __future__ import annotations

import io
import urllib.error
import urllib.request
from email.message import Message
from pathlib import Path

import pytest

from scaffold.errors import OpenAPIError
from scaffold.openapi import document
from scaffold.openapi.fetch import fetch

TICKETS = (Path(__file__).parent / "fixtures" / "openapi" / "notes-3.1.json").read_bytes()


class _Serve(urllib.request.BaseHandler):
    handler_order = 100  # before urllib's own https handler: nothing reaches the network

    def __init__(self, body: bytes | Exception) -> None:
        self.body = body
        self.requests: list[str] = []

    def https_open(self, request: urllib.request.Request) -> urllib.response.addinfourl:
        self.requests.append(request.full_url)
        if isinstance(self.body, Exception):
            raise self.body
        reply = urllib.response.addinfourl(io.BytesIO(self.body), Message(), request.full_url, 200)
        reply.msg = "OK"  # read by urllib's error processor
        return reply


def opener(handler: _Serve) -> urllib.request.OpenerDirector:
    return urllib.request.build_opener(handler)


def test_an_https_description_is_fetched_once() -> None:
    served = _Serve(TICKETS)
    assert fetch("https://api.example/openapi.json", opener=opener(served)) == TICKETS
    assert served.requests == ["https://api.example/openapi.json"]


def test_only_https_is_fetched() -> None:
    with pytest.raises(OpenAPIError, match="only https URLs are fetched"):
        fetch("http://api.example/openapi.json")


def test_offline_is_a_clear_error() -> None:
    served = _Serve(urllib.error.URLError("Temporary failure in name resolution"))
    with pytest.raises(OpenAPIError, match="offline\\? download it and pass the path"):
        fetch("https://api.example/openapi.json", opener=opener(served))


def test_a_description_over_the_cap_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    import scaffold.openapi.fetch as fetching

    monkeypatch.setattr(fetching, "MAX_DOCUMENT_BYTES", 100)
    with pytest.raises(OpenAPIError, match="larger than"):
        fetch("https://api.example/openapi.json", opener=opener(_Serve(b"{" + b" " * 200)))
    assert document.MAX_DOCUMENT_BYTES == 20 * 1024 * 1024
