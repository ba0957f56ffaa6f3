# Managed by scaffold and kept current by `scaffold update`: configure it, do not edit it.
"""What actions generated from an OpenAPI description share: the request built exactly.

A path parameter must be one non-empty run of RFC 3986 unreserved characters (letters, digits,
`-._~`) and not a dot segment: then it is one path segment exactly, which percent-encoding
leaves as it is, so no argument can add a `/`, `?`, `#` or `%`, change the host or the scheme,
or escape the path (and the egress check, which refuses `%`, never has to). Query, header and
body values come from the validated arguments only; no argument is ever a URL.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from integrations_sdk.component import FunctionEnv

from .actions import action_error, call_upstream, parsed

__all__ = ["MAX_ITEMS", "bounded_items", "expand_path", "parsed", "pick", "send_operation"]

MAX_ITEMS = 250
_TEMPLATE_PART = re.compile(r"\{([^{}]+)\}")
SEGMENT = re.compile(r"[A-Za-z0-9._~-]{1,256}")
HEADER_VALUE = re.compile(r"[ -~]{0,1000}")


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ",".join(_text(item) for item in value)
    return str(value)


def expand_path(template: str, values: Mapping[str, Any]) -> str:
    """`/tickets/{id}` with each `{name}` replaced by its percent-encoded value."""

    def segment(match: re.Match[str]) -> str:
        text = _text(values[match.group(1)])
        if not SEGMENT.fullmatch(text) or text in (".", ".."):
            raise action_error("invalid_arguments", "invalid arguments")
        return quote(text, safe="")

    return _TEMPLATE_PART.sub(segment, template)


def pick(values: Mapping[str, Any], names: Mapping[str, str]) -> dict[str, Any]:
    """`{wire name: value}` for the arguments given (`names` maps wire name -> argument)."""
    return {wire: values[name] for wire, name in names.items() if values.get(name) is not None}


def send_operation(
    env: FunctionEnv,
    method: str,
    path: str,
    *,
    query: Mapping[str, Any] | None = None,
    headers: Mapping[str, Any] | None = None,
    json_body: Any = None,
    form_body: Mapping[str, Any] | None = None,
) -> Any:
    """One guarded call (managed/actions.py) for an operation; values become text as sent."""
    header_values = {name: _text(value) for name, value in (headers or {}).items()}
    if not all(HEADER_VALUE.fullmatch(value) for value in header_values.values()):
        raise action_error("invalid_arguments", "invalid arguments")
    return call_upstream(
        env,
        method,
        path,
        params={name: _text(value) for name, value in (query or {}).items()} or None,
        headers=header_values or None,
        json_body=json_body,
        form_body={name: _text(value) for name, value in form_body.items()}
        if form_body is not None
        else None,
    )


def bounded_items(data: Any) -> dict[str, Any]:
    """A list reply as `{"items": [...], "truncated": bool}`: at most MAX_ITEMS are kept."""
    if not isinstance(data, list):
        raise action_error("upstream_unavailable", "unexpected upstream response")
    return {"items": data[:MAX_ITEMS], "truncated": len(data) > MAX_ITEMS}
