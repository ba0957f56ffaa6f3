"""The slice of a description a project keeps: the chosen operations and all they reference.

Refs into the document stay where they were (`#/components/schemas/Ticket`); refs into other
files are copied under `#/x-scaffold-refs/<name>` and rewritten to point there, so the slice is
one self-contained, valid description. It is written indented, in document order, so the same choice
of the same document always gives the same bytes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any
from urllib.parse import urldefrag

from scaffold.openapi.document import Document
from scaffold.openapi.operations import Operation

_TOP_LEVEL = ("openapi", "swagger", "servers", "host", "basePath", "schemes", "security")
_EXTERNAL = "x-scaffold-refs"


def _parts(fragment: str) -> list[str]:
    return [p.replace("~1", "/").replace("~0", "~") for p in fragment.lstrip("/").split("/") if p]


def _place(root: dict[str, Any], parts: Sequence[str], value: Any) -> None:
    node = root
    for part in parts[:-1]:
        node = node.setdefault(part, {})
    node[parts[-1]] = value


class _Slicer:
    def __init__(self, document: Document) -> None:
        self.document = document
        self.slice: dict[str, Any] = {}
        self.done: dict[str, str] = {}  # absolute target -> ref inside the slice

    def copy(self, node: Any, base: str) -> Any:
        """`node` with every ref it holds copied into the slice and pointing there."""
        if isinstance(node, list):
            return [self.copy(item, base) for item in node]
        if not isinstance(node, dict):
            return node
        target = self.document.ref_target(node, base)
        if target is not None:
            return {"$ref": self._include(target)}
        return {key: self.copy(value, base) for key, value in node.items()}

    def _include(self, target: str) -> str:
        if target in self.done:
            return self.done[target]
        uri, fragment = urldefrag(target)
        if uri == self.document.base_uri:
            local = "#" + fragment
            parts = _parts(fragment)
        else:
            name = re.sub(r"[^A-Za-z0-9_.-]+", "_", f"{uri.rsplit('/', 1)[-1]}_{fragment}")
            local = f"#/{_EXTERNAL}/{name.strip('_')}"
            parts = [_EXTERNAL, name.strip("_")]
        self.done[target] = local
        value, value_base = self.document.resolve({"$ref": target}, self.document.base_uri)
        _place(self.slice, parts, self.copy(value, value_base))
        return local


def slice_of(document: Document, operations: Sequence[Operation]) -> dict[str, Any]:
    """The self-contained slice for `operations` (security schemes included)."""
    slicer = _Slicer(document)
    root = document.root
    out = slicer.slice
    for key in _TOP_LEVEL:
        if key in root:
            out[key] = slicer.copy(root[key], document.base_uri)
    info = root.get("info") or {}
    out["info"] = {"title": str(info.get("title", "")), "version": str(info.get("version", ""))}
    paths: dict[str, Any] = out.setdefault("paths", {})
    for op in operations:
        item = paths.setdefault(op.path, {})
        if "parameters" in op.path_item:
            item["parameters"] = slicer.copy(op.path_item["parameters"], op.base)
        item[op.method.lower()] = slicer.copy(op.node, op.base)
    if document.version == "2.0":
        if "securityDefinitions" in root:
            out["securityDefinitions"] = slicer.copy(root["securityDefinitions"], document.base_uri)
    else:
        security = (root.get("components") or {}).get("securitySchemes")
        if security:
            out.setdefault("components", {})["securitySchemes"] = slicer.copy(
                security, document.base_uri
            )
    return out


def slice_bytes(sliced: dict[str, Any]) -> bytes:
    """The slice as the project stores it: deterministic JSON."""
    return (json.dumps(sliced, indent=1, ensure_ascii=False) + "\n").encode()
