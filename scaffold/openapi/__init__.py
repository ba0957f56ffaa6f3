"""Actions generated from an OpenAPI description (issue #14).

`choose()` takes a description and the chosen operations and returns the answers a project is
rendered from (`openapi_*` plus the connection's) and the slice the project stores. One module
per concept: document (load/validate/resolve), operations (listing, selection), naming,
schemas (normalisation), slicing (slice + hash), security (connection), plan.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scaffold.errors import OpenAPIError
from scaffold.openapi.document import Document, load_bytes, load_path
from scaffold.openapi.operations import Operation, identify, list_operations, select
from scaffold.openapi.plan import ResultField, build_plan, offered_result_fields
from scaffold.openapi.security import connection_answers
from scaffold.openapi.slicing import slice_bytes, slice_of

SLICE_DIRECTORY = "openapi"
SLICE_NAME = "upstream.slice.json"
SLICE_PATH = f"{SLICE_DIRECTORY}/{SLICE_NAME}"
MAX_OPERATIONS = 50

__all__ = [
    "Choice",
    "Operation",
    "ResultField",
    "choose",
    "extend",
    "from_slice",
    "list_operations",
    "load",
    "rederived",
    "result_fields",
]

ResultFields = Mapping[str, Sequence[str]]


@dataclass(frozen=True)
class Choice:
    """What a chosen set of operations makes: answers, and the slice file's bytes."""

    answers: dict[str, Any]
    slice: bytes


def load(source: str) -> Document:
    """The validated description at a local path (or, see fetch, an https URL)."""
    if "://" in source:
        from scaffold.openapi.fetch import fetch

        return load_bytes(fetch(source), origin=source, base_uri=source, root_dir=None)
    return load_path(Path(source))


def choose(
    document: Document,
    chosen: Iterable[str],
    tags: Iterable[str] = (),
    *,
    result_fields: ResultFields | None = None,
    note: Callable[[str], None] = lambda _text: None,
) -> Choice:
    """The answers and slice for the operations named in `chosen` or tagged `tags`.

    `result_fields` maps an operation (its id or `METHOD /path`) to the dotted result fields
    its action returns; the others return identifiers and required scalars.
    """
    operations = select(list_operations(document), chosen, tags)
    return _choice(document, operations, note, _picked(operations, result_fields or {}))


def result_fields(
    document: Document, operation: str, *, note: Callable[[str], None] = lambda _text: None
) -> list[ResultField]:
    """The result fields an operation's action may return (the defaults marked)."""
    (op,) = select(list_operations(document), [operation])
    return offered_result_fields(document, op, note)


def _picked(operations: Sequence[Operation], given: ResultFields) -> dict[str, list[str]]:
    """`given` keyed as the answers record operations, each a chosen one, fields sorted."""
    picked: dict[str, list[str]] = {}
    for name, fields in given.items():
        try:
            (op,) = select(operations, [name])
        except OpenAPIError:
            raise OpenAPIError(
                f"--result-field {name!r}: not one of the chosen operations; choose it with "
                "--operation first"
            ) from None
        picked[identify(op)] = sorted(dict.fromkeys(fields))
    return picked


def _choice(
    document: Document,
    operations: list[Operation],
    note: Callable[[str], None],
    picked: dict[str, list[str]],
) -> Choice:
    if not operations:
        raise OpenAPIError(
            'no operation chosen; pass --operation OP (an operationId or "METHOD /path") '
            "or --tag TAG"
        )
    if len(operations) > MAX_OPERATIONS:
        raise OpenAPIError(
            f"{len(operations)} operations chosen; at most {MAX_OPERATIONS} per project keeps "
            "its actions narrow: choose fewer"
        )
    sliced = slice_bytes(slice_of(document, operations))
    # The plan comes from the slice alone, exactly as `scaffold update` will re-derive it.
    part = _slice_document(sliced, document.origin)
    plan_operations = select(list_operations(part), [identify(op) for op in operations])
    connection = connection_answers(part, plan_operations, note)
    answers: dict[str, Any] = {
        "openapi_operations": [identify(op) for op in operations],
        "openapi_sha256": document.sha256,
        "openapi_result_fields": picked,
        "openapi_actions": build_plan(
            part, plan_operations, note, picked, _credential_parameters(connection)
        ),
        **connection,
    }
    return Choice(answers=answers, slice=sliced)


def _credential_parameters(connection: dict[str, Any]) -> frozenset[tuple[str, str]]:
    """(location, lowercased name) of the parameter the connection's API key travels in."""
    found = {
        ("header", connection.get("api_key_header")),
        ("query", connection.get("api_key_query_param")),
    }
    return frozenset((where, str(name).lower()) for where, name in found if name)


def _slice_document(sliced: bytes, origin: str) -> Document:
    return load_bytes(
        sliced,
        origin=f"{origin} (slice)",
        base_uri=f"file:///{SLICE_PATH}",
        root_dir=None,
        whole=True,  # the slice is always validated: a large document is checked here
    )


def extend(
    document: Document,
    recorded: Iterable[str],
    chosen: Iterable[str],
    tags: Iterable[str] = (),
    *,
    recorded_fields: ResultFields | None = None,
    result_fields: ResultFields | None = None,
    note: Callable[[str], None] = lambda _text: None,
) -> Choice:
    """`scaffold add actions --openapi`: the recorded operations plus the newly chosen ones.

    The project's connection answers stay as they are: only the `openapi_*` answers change.
    Recorded result-field picks are kept; `result_fields` picks for the new operations.
    """
    operations = list_operations(document)
    old = select(operations, recorded)
    new = [op for op in select(operations, chosen, tags) if op not in old]
    if not new:
        raise OpenAPIError("the project already has every operation chosen; nothing to add")
    everything = [op for op in operations if op in old or op in new]
    picked = {**_picked(old, recorded_fields or {}), **_picked(new, result_fields or {})}
    choice = _choice(document, everything, note, picked)
    kept = {key: value for key, value in choice.answers.items() if key.startswith("openapi_")}
    return Choice(answers=kept, slice=choice.slice)


def from_slice(
    sliced: bytes,
    chosen: Iterable[str],
    *,
    result_fields: ResultFields | None = None,
    note: Callable[[str], None] = lambda _t: None,
) -> Choice:
    """Re-derive the answers from a project's stored slice (offline, deterministic).

    The hash stays the recorded one (of the whole description); only the plan is new.
    """
    part = _slice_document(sliced, SLICE_PATH)
    operations = select(list_operations(part), chosen)
    choice = _choice(part, operations, note, _picked(operations, result_fields or {}))
    return Choice(answers={**choice.answers}, slice=sliced)


def rederived(project: Path, recorded: dict[str, Any]) -> dict[str, Any]:
    """`recorded` with its OpenAPI plan re-derived from the project's slice (offline), so a
    newer scaffold renders the same operations by its own rules; unchanged without a slice."""
    path = project / SLICE_PATH
    if not recorded.get("openapi_operations") or not path.is_file():
        return recorded
    choice = from_slice(
        path.read_bytes(),
        recorded["openapi_operations"],
        result_fields=recorded.get("openapi_result_fields") or {},
    )
    return {**recorded, "openapi_actions": choice.answers["openapi_actions"]}
