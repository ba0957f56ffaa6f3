"""`servers` and `securitySchemes` -> the connection answers (base URL, auth, scopes).

The first server's variables become `api_server_variables`: validated Options fields of every
connection (an enum, or one DNS label in the host, one path segment in the path) whose
{placeholders} stay in `api_base_url`; the host allowlist is that host with each variable as
one of its values (connection.py). The security scheme becomes `api_auth` and its fields;
OAuth2 scopes per operation are kept for the action docs and their union for the manifest's
required permissions.
"""

from __future__ import annotations

import keyword
import re
from collections.abc import Callable, Sequence
from typing import Any
from urllib.parse import urlsplit

from pydantic import BaseModel, ValidationError

from scaffold.errors import OpenAPIError
from scaffold.openapi.document import Document, pointer
from scaffold.openapi.operations import Operation
from scaffold.spec import DNS_LABEL, HOST_VALUE, PATH_SEGMENT, ProjectSpec

# Field names a server variable may not take beside Python's keywords: the connection's own.
_RESERVED_NAMES = frozenset({"baseurl", "base_url"})
# The names ProjectSpec accepts for api_key_header / api_key_query_param.
_SAFE_NAMES = {"header": r"[A-Za-z0-9-]{1,64}", "query": r"[A-Za-z0-9_.-]{1,64}"}


def server(
    document: Document, note: Callable[[str], None]
) -> tuple[dict[str, Any], dict[str, str]]:
    """`api_base_url` of the first server and, for its variables, `api_server_variables`;
    beside them, each kept `{variable}` and the `{field}` it became (a token URL naming the
    same variables is renamed alike).

    A variable that can be an Options field keeps its {placeholder} (named as a Python field);
    one that cannot (outside host and path, spanning several labels or segments, or a host of
    nothing but variables) is fixed to its default, with a note.
    """
    root = document.root
    if document.version == "2.0":
        schemes = root.get("schemes") or ["https"]
        if "https" not in schemes:
            raise OpenAPIError(f"{document.origin} #/schemes: the API must be served over https")
        if not root.get("host"):
            raise OpenAPIError(f"{document.origin} #/host: no host; pass --data api_base_url=...")
        url, where = f"https://{root['host']}{root.get('basePath') or ''}", "#/host"
        variables: list[dict[str, Any]] = []
        renamed: dict[str, str] = {}
    else:
        servers = root.get("servers") or []
        if not servers:
            raise OpenAPIError(
                f"{document.origin} #/servers: no server; pass --data api_base_url=https://..."
            )
        where = pointer("servers", 0, "url")
        url, variables, renamed = _variables(servers[0], note)
    if not urlsplit(url).scheme:
        raise OpenAPIError(
            f"{document.origin} {where}: {url!r} is relative; pass --data api_base_url=https://..."
        )
    try:
        checked = ProjectSpec.model_validate(
            {"project_name": "probe", "api_server_variables": variables, "api_base_url": url}
        )
    except ValidationError as error:
        problem = error.errors(include_url=False)[0]
        message = str(problem["msg"]).removeprefix("Value error, ")
        raise OpenAPIError(f"{document.origin} {where}: {message}") from None
    answers: dict[str, Any] = {"api_base_url": checked.api_base_url}
    if variables:
        answers["api_server_variables"] = variables
    return answers, renamed


def _variables(
    server: dict[str, Any], note: Callable[[str], None]
) -> tuple[str, list[dict[str, Any]], dict[str, str]]:
    url = str(server.get("url", ""))
    declared: dict[str, Any] = server.get("variables") or {}
    netloc, _, path = url.partition("://")[2].partition("/")
    host = netloc.rpartition("@")[2].partition(":")[0]  # not the user info, not the port
    # A host of nothing but variables would let a connection choose any domain.
    fixed_host = all("{" in label for label in host.split("."))
    kept: list[dict[str, Any]] = []
    names: set[str] = set()
    renamed: dict[str, str] = {}
    for raw, variable in declared.items():
        token = "{" + str(raw) + "}"
        if token not in url:
            continue
        default = str(variable.get("default", ""))
        enum = [str(value) for value in variable.get("enum") or []]
        in_host = token in host
        problem = _unusable(in_host, token in path, enum, default, fixed_host)
        if problem:
            note(f"note: server variable {raw!r} takes its default {default!r}: {problem}")
            url = url.replace(token, default)
            continue
        if enum and default not in enum:
            default = enum[0]
        if in_host and not enum and not re.fullmatch(DNS_LABEL, default):
            default = ""  # no usable default: every connection names its own
        name = _field_name(str(raw), names)
        names.add(name)
        url = url.replace(token, "{" + name + "}")
        renamed[token] = "{" + name + "}"
        kept.append(
            {
                "name": name,
                "in_host": in_host,
                "enum": [value.lower() for value in enum] if in_host else enum,
                "default": default.lower() if in_host else default,
                "description": _plain(variable.get("description")),
            }
        )
    return url, kept, renamed


def _unusable(in_host: bool, in_path: bool, enum: list[str], default: str, fixed_host: bool) -> str:
    """Why a variable cannot be an Options field ('' when it can)."""
    if in_host and fixed_host:
        return "the host would hold nothing but variables"
    if not in_host and not in_path:
        return "it stands outside the host and the path"
    if in_host and any(c in default for c in "/:@?#"):
        return "its default reaches past the host"
    pattern = HOST_VALUE if in_host else PATH_SEGMENT
    if enum and not all(
        re.fullmatch(pattern, value.lower() if in_host else value) for value in enum
    ):
        return "an enum value is not " + ("host labels" if in_host else "one path segment")
    if not in_host and not enum and not re.fullmatch(PATH_SEGMENT, default):
        return "its default is not one path segment"
    return ""


def _field_name(raw: str, taken: set[str]) -> str:
    """A Python field name for a variable: snake_case, clear of keywords and pydantic's names."""
    snake = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", raw)
    snake = re.sub(r"[^A-Za-z0-9]+", "_", snake).strip("_").lower() or "variable"
    if not snake[0].isalpha() or keyword.iskeyword(snake) or snake in _RESERVED_NAMES:
        snake = "server_" + snake
    if snake.startswith("model_") or hasattr(BaseModel, snake):
        snake = "server_" + snake
    snake = snake[:27]
    name, count = snake, 2
    while name in taken:
        name, count = f"{snake}_{count}", count + 1
    return name


def _plain(text: object) -> str:
    """One line of plain ASCII without quotes or backslashes, at most 120 characters."""
    words = " ".join(str(text or "").split())
    kept = "".join(c for c in words if " " <= c <= "~" and c not in '"\\')
    return kept[:120].rstrip()


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
    answers, renamed = server(document, note)
    known = schemes(document)
    used: list[str] = []
    for op in operations:
        for requirement in requirements(document, op):
            used += [name for name in requirement if name not in used]
    for name in used or list(known):
        mapped = _auth(known.get(name, {}), name, document, operations, note)
        if mapped is not None and "{" in mapped.get("oauth_token_url", ""):
            mapped = _tenant_token_url(mapped, answers, renamed, name, note)
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
        declared = next(
            (f for f in _OTHER_FLOWS if f in flows or _SWAGGER_FLOWS.get(f) == scheme.get("flow")),
            "",
        )
        return {
            "api_auth": "bearer-token",
            **_token_source(name, declared, flows.get(declared) or scheme, note),
        }
    if kind == "apiKey":
        note(
            f"note: security scheme {name!r} sends its key in the {scheme.get('in')}, which "
            "scaffold does not generate (a key in a header or a query parameter it does); "
            "looking for another scheme"
        )
    return None


# OAuth2 flows other than client credentials, and their Swagger 2.0 names.
_OTHER_FLOWS = ("authorizationCode", "password", "implicit")
_SWAGGER_FLOWS = {"authorizationCode": "accessCode", "password": "password", "implicit": "implicit"}


def _token_source(
    name: str, flow: str, declared: dict[str, Any], note: Callable[[str], None]
) -> dict[str, str]:
    """`api_token_source`: which flow issues the bearer token, and where (docs and note)."""
    url = str(declared.get("authorizationUrl" if flow == "implicit" else "tokenUrl", ""))
    where = "authorization URL" if flow == "implicit" else "token URL"
    source = f"an OAuth2 access token from the {flow or 'declared'} flow"
    if url.startswith("https://"):
        source += f" ({where} {url})"
    source = _plain(source)
    note(
        f"note: security scheme {name!r} is OAuth2 without client credentials: the "
        f"connection takes {source}, obtained elsewhere and sent as a bearer token"
    )
    return {"api_token_source": source}


def _tenant_token_url(
    mapped: dict[str, Any],
    answers: dict[str, Any],
    renamed: dict[str, str],
    name: str,
    note: Callable[[str], None],
) -> dict[str, Any] | None:
    """A token URL with {variables}: each must be a host variable of the server, renamed like it."""
    url = str(mapped["oauth_token_url"])
    for raw, field in renamed.items():
        url = url.replace(raw, field)
    probe = {"project_name": "probe", **answers, **mapped, "oauth_token_url": url}
    try:
        ProjectSpec.model_validate(probe)
    except ValidationError:
        note(
            f"note: security scheme {name!r} has a token URL with variables that are not "
            "host variables of the server; looking for another scheme"
        )
        return None
    return {**mapped, "oauth_token_url": url}
