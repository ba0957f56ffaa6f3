"""The operations of a description, and choosing some: by operation id, `METHOD /path` or tag."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from scaffold.errors import OpenAPIError
from scaffold.openapi.document import Document, pointer

METHODS = ("get", "put", "post", "delete", "patch")
# Verbs that end or remove something upstream: such operations need an extra confirmation.
DESTRUCTIVE_WORDS = frozenset(
    {"delete", "remove", "destroy", "purge", "close", "cancel", "void", "archive", "revoke"}
)


@dataclass(frozen=True)
class Operation:
    """One operation as found in the document (refs not yet followed)."""

    method: str  # upper case
    path: str
    operation_id: str
    summary: str
    tags: tuple[str, ...]
    node: dict[str, Any]
    path_item: dict[str, Any]
    base: str  # the URI the operation lives at, for its refs

    @property
    def pointer(self) -> str:
        """Where the operation is in the document."""
        return pointer("paths", self.path, self.method.lower())

    @property
    def label(self) -> str:
        """`METHOD /path`: how an operation without an id is chosen."""
        return f"{self.method} {self.path}"

    @property
    def destructive(self) -> bool:
        """DELETE, or a verb that ends or removes something in its id or summary."""
        words = set(re.findall(r"[a-z]+", _split_camel(f"{self.operation_id} {self.summary}")))
        return self.method == "DELETE" or bool(words & DESTRUCTIVE_WORDS)


def _split_camel(text: str) -> str:
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", text).lower()


def list_operations(document: Document) -> list[Operation]:
    """Every operation, in document order (path items behind a `$ref` followed)."""
    paths = document.root.get("paths") or {}
    found: list[Operation] = []
    for path, raw_item in paths.items():
        if not str(path).startswith("/"):
            continue  # `x-` extensions beside the paths
        item, base = document.resolve(raw_item, document.base_uri)
        if not isinstance(item, dict):
            raise OpenAPIError(f"{document.origin} {pointer('paths', path)}: not a path item")
        for method in METHODS:
            node = item.get(method)
            if not isinstance(node, dict):
                continue
            found.append(
                Operation(
                    method=method.upper(),
                    path=str(path),
                    operation_id=str(node.get("operationId") or ""),
                    summary=" ".join(str(node.get("summary") or "").split()),
                    tags=tuple(str(tag) for tag in node.get("tags") or ()),
                    node=node,
                    path_item=item,
                    base=base,
                )
            )
    return found


def _normal_label(text: str) -> str:
    method, _, path = text.strip().partition(" ")
    return f"{method.upper()} {path.strip()}"


def select(
    operations: Sequence[Operation], chosen: Iterable[str], tags: Iterable[str] = ()
) -> list[Operation]:
    """The operations named in `chosen` (ids or `METHOD /path`) and those tagged `tags`.

    Document order, each once; an unknown name or tag is an error naming it.
    """
    by_id = {op.operation_id: op for op in operations if op.operation_id}
    by_label = {op.label: op for op in operations}
    picked: set[int] = set()
    for name in chosen:
        op = by_id.get(name) or by_label.get(_normal_label(name))
        if op is None:
            raise OpenAPIError(
                f"--operation {name!r}: no such operation in the description; give an "
                'operationId or "METHOD /path" exactly as the document writes it, '
                'e.g. "GET /tickets/{id}"'
            )
        picked.add(id(op))
    for tag in tags:
        tagged = [op for op in operations if tag in op.tags]
        if not tagged:
            known = sorted({t for op in operations for t in op.tags})
            raise OpenAPIError(
                f"--tag {tag!r}: no operation carries this tag; tags in the description: "
                + (", ".join(known) or "none")
            )
        picked.update(id(op) for op in tagged)
    return [op for op in operations if id(op) in picked]


def identify(op: Operation) -> str:
    """What the recorded answers call the operation: its id, else `METHOD /path`."""
    return op.operation_id or op.label
