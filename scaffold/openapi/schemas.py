"""Schema normalisation: an OpenAPI schema -> the small, bounded, JSON form the template renders.

A normalised schema is one of
  {"kind": "string", "max_length", "min_length", "pattern", "enum", "format"}
  {"kind": "integer" | "number", "ge", "le", "gt", "lt", "multiple_of", "enum"}
  {"kind": "boolean"}
  {"kind": "array", "items", "max_length", "min_length"}
  {"kind": "object", "model"}    -> a model in `Models` (fields with wire names)
  {"kind": "map"}                -> a free-form object of scalars, bounded
  {"kind": "union", "options"}   -> oneOf/anyOf
each with "nullable" and "description". `allOf` is merged, `nullable` (3.0), `type: [.., null]`
(3.1) and `x-nullable` (2.0) read, and recursion cut at MAX_DEPTH (the cut becomes a `map`).
Caps are added where the document gives none (CAPS); the generated docs name them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from scaffold.errors import OpenAPIError
from scaffold.openapi.document import Document
from scaffold.openapi.naming import identifier

MAX_DEPTH = 4
MAX_TEXT = 1000
MAX_LIST = 100
MAX_PAGE_SIZE = 100
MAX_RESULT_TEXT = 10000
RESULT_DEPTH = 2
PICK_DEPTH = 4  # how deep the result fields a user may pick (and is offered) go
CAPS = {"text": MAX_TEXT, "list": MAX_LIST, "page_size": MAX_PAGE_SIZE}
_FORMATS = frozenset({"date-time", "date", "uuid", "email"})
_PAGE_SIZE_NAMES = frozenset(
    {"limit", "per_page", "perpage", "page_size", "pagesize", "count", "top", "size", "max_results"}
)
_RESERVED_FIELDS = frozenset(
    {"json", "dict", "copy", "schema", "validate", "construct", "fields", "env", "self"}
)


def one_line(text: Any, limit: int) -> str:
    """`text` on one line, at most `limit` characters, with ' for " (it becomes Python source)."""
    return " ".join(str(text or "").replace('"', "'").split())[:limit]


def reserved_field(name: str) -> bool:
    """Names a pydantic model or the action signature cannot use as a field."""
    import keyword

    return keyword.iskeyword(name) or name in _RESERVED_FIELDS or name.startswith("model_")


def field_name(wire: str) -> str:
    """The Python attribute for a wire name (`X-Request-Id` -> `x_request_id`)."""
    return identifier(wire, reserved=reserved_field)


def pascal(*parts: str) -> str:
    """`('create_ticket', 'comment')` -> `CreateTicketComment`."""
    words = [w for part in parts for w in re.split(r"[^A-Za-z0-9]+", field_name(part)) if w]
    return "".join(w[:1].upper() + w[1:] for w in words) or "Model"


def is_page_size(name: str) -> bool:
    """Whether a query parameter of this name sets a page size (capped where unbounded)."""
    return name.lower().replace("-", "_") in _PAGE_SIZE_NAMES


@dataclass
class Models:
    """The object models one action needs, by name, in definition order (dependencies first)."""

    models: dict[str, dict[str, Any]] = field(default_factory=dict)

    def add(self, name: str, model: dict[str, Any]) -> str:
        """Store `model` under `name` (made unique) and return the name used."""
        candidate, counter = name, 2
        while candidate in self.models:
            candidate, counter = f"{name}{counter}", counter + 1
        self.models[candidate] = model
        return candidate


@dataclass
class Normaliser:
    """Normalises the schemas of one action, collecting its models."""

    document: Document
    models: Models
    note: Callable[[str], None]
    result: bool = False  # results: a minimal model of identifiers and required scalars
    # Results only: which fields to keep. "default" keeps identifiers and required scalars;
    # "all" keeps every field down to PICK_DEPTH (what a user is offered); a set keeps the
    # dotted wire paths a user picked (`ticket.id`; list items share their list's path).
    keep: Literal["default", "all"] | frozenset[str] = "default"
    # The dotted paths of the result fields kept (leaves: scalars and lists of them).
    kept: list[str] = field(default_factory=list)

    def normalise(
        self,
        node: Any,
        base: str,
        name: str,
        *,
        depth: int = 0,
        stack: tuple[str, ...] = (),
        path: str = "",
    ) -> dict[str, Any]:
        """The normalised form of schema `node` (found at `base`), its models named `name`…

        `path` is the node's dotted wire path inside a result (see `keep`).
        """
        target = self.document.ref_target(node, base)
        if target is not None and (target in stack or depth > MAX_DEPTH):
            # Null is accepted in a result (lenient reading) but never sent as an argument:
            # the document did not say the cut schema is nullable.
            return {
                "kind": "map",
                "nullable": self.result,
                "description": "(nested deeper: free-form)",
            }
        stack = (*stack, target) if target else stack
        schema, base = self.document.resolve(node, base)
        if not isinstance(schema, dict):
            raise OpenAPIError(f"{self.document.origin} {target or name}: a schema is a mapping")
        schema = self._merged(schema, base)
        nullable = bool(schema.get("nullable") or schema.get("x-nullable"))
        description = one_line(schema.get("description"), 300)
        kind = schema.get("type")
        if isinstance(kind, list):
            nullable = nullable or "null" in kind
            kinds = [k for k in kind if k != "null"]
            kind = kinds[0] if len(kinds) == 1 else None
        if kind is None and "const" in schema:
            schema = {**schema, "enum": [schema["const"]]}
        if kind is None:
            options = schema.get("oneOf") or schema.get("anyOf")
            if options:
                return self._union(options, base, name, depth, stack, nullable, description, path)
            kind = "object" if "properties" in schema else ("string" if "enum" in schema else None)
        enum = schema.get("enum")
        if isinstance(enum, list) and None in enum:
            nullable, enum = True, [value for value in enum if value is not None]
        common = {"nullable": nullable, "description": description}
        if kind == "string":
            return {**common, **self._string(schema, enum)}
        if kind in ("integer", "number"):
            return {**common, **_numeric(str(kind), schema, enum, self.result)}
        if kind == "boolean":
            return {**common, "kind": "boolean"}
        if kind == "array":
            items = self.normalise(
                schema.get("items", {}),
                base,
                name + "_item",
                depth=depth + 1,
                stack=stack,
                path=path,
            )
            cap = schema.get("maxItems")
            return {
                **common,
                "kind": "array",
                "items": items,
                "max_length": min(int(cap), MAX_LIST) if cap is not None else MAX_LIST,
                "min_length": schema.get("minItems"),
            }
        if kind == "object" and schema.get("properties"):
            return {**common, **self._object(schema, base, name, depth, stack, path)}
        return {**common, "kind": "map"}

    def _merged(self, schema: dict[str, Any], base: str) -> dict[str, Any]:
        """`allOf` folded into one schema: properties and required lists joined."""
        parts = schema.get("allOf")
        if not parts:
            return schema
        merged: dict[str, Any] = {k: v for k, v in schema.items() if k != "allOf"}
        properties: dict[str, Any] = dict(merged.get("properties") or {})
        required: list[str] = list(merged.get("required") or [])
        for part in parts:
            resolved, part_base = self.document.resolve(part, base)
            resolved = self._merged(dict(resolved), part_base)
            for key, value in (resolved.get("properties") or {}).items():
                # Keep the part's base with its refs: refs inside resolve against their file.
                properties.setdefault(key, _rebased(value, part_base))
            required += [r for r in resolved.get("required") or [] if r not in required]
            for key, value in resolved.items():
                if key not in ("properties", "required"):
                    merged.setdefault(key, value)
        if properties:
            merged.update(type="object", properties=properties)
        merged["required"] = required
        return merged

    def _union(
        self,
        options: list[Any],
        base: str,
        name: str,
        depth: int,
        stack: tuple[str, ...],
        nullable: bool,
        description: str,
        path: str,
    ) -> dict[str, Any]:
        normalised = [
            self.normalise(
                option, base, f"{name}_option{i + 1}", depth=depth + 1, stack=stack, path=path
            )
            for i, option in enumerate(options[:10])
        ]
        nullable = nullable or any(option["nullable"] for option in normalised)
        return {
            "kind": "union",
            "options": normalised,
            "nullable": nullable,
            "description": description,
        }

    def _string(self, schema: dict[str, Any], enum: Any) -> dict[str, Any]:
        if enum:
            return {"kind": "string", "enum": [str(value) for value in enum]}
        pattern = schema.get("pattern")
        if pattern is not None:
            try:
                re.compile(str(pattern))
            except re.error:
                self.note(f"note: pattern {pattern!r} is not a Python regex and is not enforced")
                pattern = None
        cap = MAX_RESULT_TEXT if self.result else MAX_TEXT
        declared = schema.get("maxLength")
        form = schema.get("format")
        return {
            "kind": "string",
            "max_length": int(declared) if declared is not None else cap,
            "min_length": schema.get("minLength"),
            "pattern": None if self.result else pattern,
            "format": form if form in _FORMATS and not self.result else None,
        }

    def _object(
        self,
        schema: dict[str, Any],
        base: str,
        name: str,
        depth: int,
        stack: tuple[str, ...],
        path: str,
    ) -> dict[str, Any]:
        required = set(schema.get("required") or [])
        fields = []
        for wire, wrapped in (schema.get("properties") or {}).items():
            value, value_base = _unwrapped(wrapped, base)
            child = f"{path}.{wire}" if path else str(wire)
            if self.result and not self._wanted(child, value, value_base, wire in required, depth):
                continue
            if not self.result and _read_only(self.document, value, value_base):
                continue
            normalised = self.normalise(
                value, value_base, f"{name}_{wire}", depth=depth + 1, stack=stack, path=child
            )
            if self.result and _open_ended(normalised):
                continue  # nothing chosen inside it: a minimal result leaves it out
            if self.result and _leaf(normalised):
                self.kept.append(child)
            fields.append(
                {
                    "name": field_name(str(wire)),
                    "wire": str(wire),
                    # A required nullable argument must be sent, maybe as null; a result
                    # reads a nullable field leniently, as if it were optional.
                    "required": wire in required and not (self.result and normalised["nullable"]),
                    "schema": normalised,
                }
            )
        if self.result and not fields and depth == 0 and self.keep == "default":
            fields = self._first_scalars(schema, base, name)
            self.kept += [f"{path}.{f['wire']}" if path else str(f["wire"]) for f in fields]
        if not fields:
            return {"kind": "map"}
        model = self.models.add(pascal(name), {"fields": fields, "result": self.result})
        return {"kind": "object", "model": model}

    def _wanted(self, path: str, value: Any, base: str, required: bool, depth: int) -> bool:
        """Whether a result keeps the field at `path` (see `keep`).

        By default: identifiers and required scalars, and objects down to RESULT_DEPTH.
        """
        if isinstance(self.keep, frozenset):
            return path in self.keep or any(p.startswith(path + ".") for p in self.keep)
        schema, _ = self.document.resolve(value, base)
        if not isinstance(schema, dict):
            return False
        if self.keep == "all":
            return depth + 1 < PICK_DEPTH
        kind = schema.get("type")
        if isinstance(kind, list):
            kind = next((k for k in kind if k != "null"), None)
        if kind == "object" or "properties" in schema or "allOf" in schema:
            return depth + 1 < RESULT_DEPTH
        if kind not in ("string", "integer", "number", "boolean"):
            return False
        return required or _identifier_like(path.rsplit(".", 1)[-1])

    def _first_scalars(self, schema: dict[str, Any], base: str, name: str) -> list[dict[str, Any]]:
        fields = []
        for wire, wrapped in (schema.get("properties") or {}).items():
            value, value_base = _unwrapped(wrapped, base)
            resolved, _ = self.document.resolve(value, value_base)
            if isinstance(resolved, dict) and resolved.get("type") in (
                "string",
                "integer",
                "number",
                "boolean",
            ):
                normalised = self.normalise(value, value_base, f"{name}_{wire}", depth=1)
                fields.append(
                    {
                        "name": field_name(str(wire)),
                        "wire": str(wire),
                        "required": False,
                        "schema": normalised,
                    }
                )
            if len(fields) == 5:
                break
        return fields


def _leaf(schema: dict[str, Any]) -> bool:
    """A result field a user picks as a whole: not an object (or list of them) with fields."""
    if schema["kind"] == "array":
        return _leaf(schema["items"])
    if schema["kind"] == "union":
        return all(_leaf(option) for option in schema["options"])
    return bool(schema["kind"] != "object")


def _open_ended(schema: dict[str, Any]) -> bool:
    """A free-form object (or a list of them): a minimal result has no field to read in it."""
    if schema["kind"] == "array":
        return _open_ended(schema["items"])
    return bool(schema["kind"] == "map")


def _identifier_like(wire: str) -> bool:
    lowered = wire.lower()
    return (
        lowered in ("id", "key", "uuid", "sid")
        or lowered.endswith(("_id", "-id"))
        or (wire.endswith(("Id", "ID")) and len(wire) > 2)
    )


def _read_only(document: Document, value: Any, base: str) -> bool:
    resolved, _ = document.resolve(value, base)
    return isinstance(resolved, dict) and bool(resolved.get("readOnly"))


def _unwrapped(value: Any, base: str) -> tuple[Any, str]:
    """A property and the URI its refs resolve against (allOf parts may live elsewhere)."""
    if isinstance(value, dict) and "x-scaffold-base" in value:
        return value["node"], str(value["x-scaffold-base"])
    return value, base


def _rebased(value: Any, base: str) -> Any:
    return {"x-scaffold-base": base, "node": value}


def _numeric(kind: str, schema: dict[str, Any], enum: Any, result: bool) -> dict[str, Any]:
    if enum and not result:
        return {"kind": kind, "enum": [value for value in enum if isinstance(value, int | float)]}
    bounds: dict[str, Any] = {"kind": kind}
    if result:
        return bounds
    low, high = schema.get("minimum"), schema.get("maximum")
    exclusive_low, exclusive_high = schema.get("exclusiveMinimum"), schema.get("exclusiveMaximum")
    if isinstance(exclusive_low, bool):  # 3.0 and 2.0: a flag on minimum
        exclusive_low = low if exclusive_low else None
        low = None if exclusive_low is not None else low
    if isinstance(exclusive_high, bool):
        exclusive_high = high if exclusive_high else None
        high = None if exclusive_high is not None else high
    bounds.update(ge=low, le=high, gt=exclusive_low, lt=exclusive_high)
    bounds["multiple_of"] = schema.get("multipleOf")
    return bounds
