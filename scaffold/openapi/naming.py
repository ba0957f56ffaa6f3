"""Action names: snake_case from the operation id, or from method and path.

`createTicket` -> `create_ticket`; `POST /tickets` -> `create_ticket`; an id that is no usable
name (`get-/crm/v3/cards/{appId}_getAll`) falls back to method and path. Names are Python
identifiers within the SDK's URL-safe limits; collisions get a suffix, and say so.
"""

from __future__ import annotations

import keyword
import re
from collections.abc import Callable, Sequence

from scaffold.openapi.operations import Operation

MAX_ACTION_NAME = 60
_USABLE_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_ .-]*$")
_VERBS = {"GET": "get", "POST": "create", "PUT": "update", "PATCH": "update", "DELETE": "delete"}
_VERB_WORDS = frozenset(
    {"create", "update", "delete", "get", "list", "search", "send", "cancel", "close", "archive"}
)
_VERSION = re.compile(r"^v\d+(\.\d+)*$")


def snake(text: str) -> str:
    """`createTicket`, `Create-Ticket`, `HTTPServer` -> `create_ticket`, `http_server`."""
    text = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1_\2", text)
    text = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", text)
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


def identifier(text: str, *, reserved: Callable[[str], bool] = keyword.iskeyword) -> str:
    """A snake_case Python identifier for `text` (a trailing _ where it would be reserved)."""
    name = snake(text) or "value"
    if name[0].isdigit():
        name = "n_" + name
    return name + "_" if reserved(name) else name


def _singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("ses") or word.endswith("xes"):
        return word[:-2]
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


def from_method_and_path(method: str, path: str, *, words: int = 1) -> str:
    """`POST /tickets` -> `create_ticket`; `GET /tickets` -> `list_tickets`;
    `GET /tickets/{id}` -> `get_ticket`. `words` path words are used (for collisions)."""
    segments = [s for s in path.split("/") if s and not _VERSION.match(s)]
    literal = [snake(s) for s in segments if not s.startswith("{")]
    literal = [s for s in literal if s] or ["root"]
    ends_in_parameter = bool(segments) and segments[-1].startswith("{")
    verb = _VERBS.get(method, method.lower())
    if len(literal) > 1 and not ends_in_parameter and literal[-1] in _VERB_WORDS:
        # `POST /tokens/create`: the path names the verb itself -> `create_token`.
        return "_".join([literal[-1], *literal[-words - 1 : -2], _singular(literal[-2])])
    if method == "GET" and not ends_in_parameter:
        return "_".join(["list", *literal[-words:]])
    return "_".join([verb, *literal[-words:-1], _singular(literal[-1])])


def base_name(op: Operation) -> str:
    """The name an operation asks for, before collisions."""
    if op.operation_id and _USABLE_ID.match(op.operation_id):
        name = identifier(op.operation_id)
    else:
        name = from_method_and_path(op.method, op.path)
    return _fit(name)


def _fit(name: str) -> str:
    name = name[:MAX_ACTION_NAME].rstrip("_")
    return name if re.match(r"^[a-z]", name) else ("op_" + name)[:MAX_ACTION_NAME]


def action_names(operations: Sequence[Operation], note: Callable[[str], None]) -> list[str]:
    """One distinct name per operation, in order; every renamed collision is noted."""
    names: list[str] = []
    for op in operations:
        name = base_name(op)
        if name in names and not (op.operation_id and _USABLE_ID.match(op.operation_id)):
            name = _fit(from_method_and_path(op.method, op.path, words=3))
        candidate, counter = name, 2
        while candidate in names:
            candidate = _fit(f"{name[: MAX_ACTION_NAME - 4]}_{counter}")
            counter += 1
        if candidate != base_name(op):
            note(
                f"note: {op.label} is named {candidate!r}: {base_name(op)!r} was taken "
                "by another chosen operation"
            )
        names.append(candidate)
    return names
