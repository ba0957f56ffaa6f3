"""`servers` and `securitySchemes` -> the connection answers (base URL, auth, scopes).

The base URL's host becomes the outbound allowlist (connection.py); a server variable in the
host stays a `{placeholder}` matched as one DNS label, the others take their defaults. The
security scheme becomes `api_auth` and its fields; OAuth2 scopes per operation are kept for the
action docs and their union for the manifest's required permissions.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any
from urllib.parse import urlsplit

from scaffold.errors import OpenAPIError
from scaffold.openapi.document import Document, pointer
from scaffold.openapi.operations import Operation
from scaffold.urls import validate_https_base_url


# The names ProjectSpec accepts for api_key_header / api_key_query_param.
_SAFE_NAMES = {"header": r"[A-Za-z0-9-]{1,64}", "query": r"[A-Za-z0-9_.-]{1,64}"}


def base_url(document: Document) -> str:
    """The https base URL of the first server (variables filled in, one host placeholder)."""
    root = document.root
    if document.version == "2.0":
        schemes = root.get("schemes") or ["https"]
        if "https" not in schemes:
            raise OpenAPIError(f"{document.origin} #/schemes: the API must be served over https")
        if not root.get("host"):
            raise OpenAPIError(f"{document.origin} #/host: no host; pass --data api_base_url=...")
        url = f"https://{root['host']}{root.get('basePath') or ''}"
        where = "#/host"
    else:
        servers = root.get("servers") or []
        if not servers:
            raise OpenAPIError(
                f"{document.origin} #/servers: no server; pass --data api_base_url=https://..."
            )
        url, where = _expanded(servers[0]), pointer("servers", 0, "url")
    if not urlsplit(url).scheme:
        raise OpenAPIError(
            f"{document.origin} {where}: {url!r} is relative; pass --data api_base_url=https://..."
        )
    try:
        return validate_https_base_url(url.rstrip("/"))
    except ValueError as error:
        raise OpenAPIError(f"{document.origin} {where}: {error}") from None


def _expanded(server: dict[str, Any]) -> str:
    url = str(server.get("url", ""))
    variables: dict[str, Any] = server.get("variables") or {}
    host = urlsplit(url.replace("{", "").replace("}", "")).netloc
    placeholder_used = False
    for name, variable in variables.items():
        token = "{" + str(name) + "}"
        in_host = token in url.split("//", 1)[-1].split("/", 1)[0]
        if in_host and not placeholder_used and not variable.get("enum"):
            # A tenant label: the connection's baseUrl fills it in, validated against the host.
            safe = "".join(c for c in str(name).lower() if c.isalnum() or c == "_") or "tenant"
            url = url.replace(token, "{" + (safe if safe[0].isalpha() else "tenant") + "}")
            placeholder_used = True
        else:
            url = url.replace(token, str(variable.get("default", "")))
    del host
    return url


def schemes(document: Document) -> dict[str, Any]:
    """The security schemes by name (2.0: securityDefinitions)."""
    if document.version == "2.0":
        found = document.root.get("securityDefinitions") or {}
    else:
        found = (document.root.get("components") or {}).get("securitySchemes") or {}
    return {name: document.resolve(value, document.base_uri)[0] for name, value in found.items()}


def requirements(document: Document, op: Operation) -> list[dict[str, list[str]]]:
    """The operation's security requirements (its own, else the document's)."""
    declared = op.node.get("security", document.root.get("security"))
    return [dict(item) for item in declared or []]


def scopes_of(document: Document, op: Operation) -> list[str]:
    """The OAuth2 scopes the operation needs (from its first requirement naming oauth2)."""
    known = schemes(document)
    for requirement in requirements(document, op):
        for name, scopes in requirement.items():
            if known.get(name, {}).get("type") == "oauth2":
                return sorted(str(scope) for scope in scopes)
    return []


def connection_answers(
    document: Document, operations: Sequence[Operation], note: Callable[[str], None]
) -> dict[str, Any]:
    """The answers (api_base_url, api_auth, ...) the chosen operations' security gives."""
    answers: dict[str, Any] = {"api_base_url": base_url(document)}
    known = schemes(document)
    used: list[str] = []
    for op in operations:
        for requirement in requirements(document, op):
            used += [name for name in requirement if name not in used]
    for name in used or list(known):
        mapped = _auth(known.get(name, {}), name, document, operations, note)
        if mapped is not None:
            answers.update(mapped)
            return answers
    if known:
        note(
            "note: none of the description's security schemes is one scaffold generates "
            "(API key in a header or query parameter, bearer, basic, OAuth2 client credentials); "
            "using a bearer token"
        )
    answers["api_auth"] = "bearer-token"
    return answers


def _auth(
    scheme: dict[str, Any],
    name: str,
    document: Document,
    operations: Sequence[Operation],
    note: Callable[[str], None],
) -> dict[str, Any] | None:
    kind = scheme.get("type")
    if kind == "apiKey" and scheme.get("in") in ("header", "query"):
        where = str(scheme["in"])
        parameter = str(scheme.get("name", ""))
        if re.fullmatch(_SAFE_NAMES[where], parameter):
            if where == "header":
                return {"api_auth": "api-key-header", "api_key_header": parameter}
            return {"api_auth": "api-key-query", "api_key_query_param": parameter}
        note(
            f"note: security scheme {name!r} names its key {parameter!r}, which is not a plain "
            f"{where} name; looking for another scheme"
        )
        return None
    if kind == "http" and str(scheme.get("scheme", "")).lower() == "bearer":
        return {"api_auth": "bearer-token"}
    if (kind == "http" and str(scheme.get("scheme", "")).lower() == "basic") or kind == "basic":
        return {"api_auth": "basic"}
    if kind == "oauth2":
        flows = scheme.get("flows") or {}
        flow = flows.get("clientCredentials")
        if flow is None and scheme.get("flow") == "application":  # Swagger 2.0
            flow = scheme
        scopes = sorted({s for op in operations for s in scopes_of(document, op)})
        if flow is not None and str(flow.get("tokenUrl", "")).startswith("https://"):
            return {
                "api_auth": "oauth2-client-credentials",
                "oauth_token_url": str(flow["tokenUrl"]),
                "oauth_scopes": scopes,
            }
        note(
            f"note: security scheme {name!r} is OAuth2 without client credentials: the "
            "connection takes an access token obtained elsewhere, sent as a bearer token"
        )
        return {"api_auth": "bearer-token"}
    if kind == "apiKey":
        note(
            f"note: security scheme {name!r} sends its key in the {scheme.get('in')}, which "
            "scaffold does not generate (a key in a header or a query parameter it does); "
            "looking for another scheme"
        )
    return None
