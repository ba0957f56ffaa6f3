"""The plan: per chosen operation, the JSON-serialisable action the template renders.

The plan is always derived from the SLICE (see slicing.py), never from the full document, so
`scaffold update` and `scaffold add` re-derive exactly the same plan offline from the slice the
project stores. Pointers in the plan point into that slice.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from scaffold.errors import OpenAPIError
from scaffold.openapi import samples
from scaffold.openapi.document import Document, pointer
from scaffold.openapi.naming import action_names
from scaffold.openapi.operations import Operation, identify
from scaffold.openapi.schemas import (
    MAX_PAGE_SIZE,
    Models,
    Normaliser,
    field_name,
    is_page_size,
    one_line,
)
from scaffold.openapi.security import scopes_of

JSON_TYPES = ("application/json",)
FORM_TYPE = "application/x-www-form-urlencoded"
# Credentials come from the connection only; a caller never sets these.
_SKIPPED_HEADERS = frozenset({"authorization", "cookie", "host", "content-type", "accept"})
_ERROR_CODES = {
    400: "upstream_rejected",
    401: "upstream_unauthorized",
    403: "upstream_unauthorized",
    404: "not_found",
    409: "conflict",
    412: "conflict",
    422: "upstream_rejected",
    429: "rate_limited",
}
_SUCCESS = ("200", "201", "202", "203", "204", "2XX", "2xx")
IDEMPOTENT_METHODS = frozenset({"GET", "PUT", "DELETE"})
# A path value is sent percent-encoded as one segment: anything but a separator or a control
# character (what could split or escape the path once an upstream decodes it).
PATH_SEGMENT = r"^[^/\\\x00-\x1f\x7f-\x9f]+$"
# How array query parameters are sent, from OpenAPI 3 `style` (with `explode` false) and
# Swagger 2.0 `collectionFormat`: joined with a separator, or None for repeated keys
# (`explode: true`, the default of `form`, and `multi`). Header arrays are comma-joined.
_STYLE_SEPARATORS = {"form": ",", "spaceDelimited": " ", "pipeDelimited": "|"}
_COLLECTION_SEPARATORS = {"csv": ",", "ssv": " ", "tsv": "\t", "pipes": "|", "multi": None}
HEADER_TEXT = r"^[ -~]*$"


@dataclass
class _Located:
    """A value of the slice and the JSON pointer (fragment) it lives at."""

    value: Any
    at: str

    def child(self, document: Document, *keys: str | int) -> _Located | None:
        value, at = self.value, self.at
        for key in keys:
            if isinstance(value, dict) and key in value:
                value, at = value[key], at.rstrip("/") + "/" + pointer(key)[2:]
            elif isinstance(value, list) and isinstance(key, int) and key < len(value):
                value, at = value[key], f"{at}/{key}"
            else:
                return None
            if isinstance(value, dict) and isinstance(value.get("$ref"), str):
                ref = value["$ref"]
                value = document.resolve(value, document.base_uri)[0]
                at = ref
        return _Located(value, at)


def _json_type(content: dict[str, Any]) -> str | None:
    for media in content:
        base = media.split(";")[0].strip().lower()
        if base in JSON_TYPES or base.endswith("+json"):
            return str(media)
    return None


@dataclass(frozen=True)
class ResultField:
    """A field of an operation's result a user may pick (a dotted wire path)."""

    path: str
    default: bool  # kept when the user picks nothing: identifiers and required scalars


@dataclass
class _Builder:
    document: Document
    note: Callable[[str], None]
    # Per operation (as `identify` names it): the result fields the user picked.
    picked_fields: Mapping[str, Sequence[str]]
    # (location, lowercased name) of the parameter carrying the connection's API key: the
    # connection sends it, so no action takes it as an argument.
    credential_parameters: frozenset[tuple[str, str]] = frozenset()

    def action(self, name: str, op: Operation) -> dict[str, Any]:
        located = _Located(op.node, op.pointer)
        models = Models()
        arguments = Normaliser(self.document, models, self.note)
        params = self._parameters(op, arguments, name)
        body = self._body(op, located, arguments, name, {p["name"] for p in params})
        result_models = Models()
        picked = self.picked_fields.get(identify(op))
        results = Normaliser(
            self.document,
            result_models,
            self.note,
            result=True,
            keep=frozenset(picked) if picked else "default",
        )
        result = self._result(op, located, results, name)
        if picked:
            self._check_picked(op, picked, results.kept)
        scopes = scopes_of(self.document, op)
        responses = op.node.get("responses") or {}
        errors = sorted(
            {
                (int(code), _ERROR_CODES.get(int(code), "upstream_rejected"))
                for code in responses
                if str(code).isdigit() and 400 <= int(code) < 500
            }
        )
        destructive = op.destructive
        idempotent = op.method in IDEMPOTENT_METHODS
        all_models = {**models.models, **result_models.models}
        fields = [*params, *(body["fields"] if body else [])]
        return {
            "name": name,
            "operation": op.operation_id or op.label,
            "method": op.method,
            "path": op.path,
            "pointer": op.pointer,
            "summary": one_line(op.summary or f"{op.method} {op.path}", 200),
            "description": one_line(op.node.get("description"), 400),
            "params": params,
            "body": body,
            "models": [{"name": key, **value} for key, value in all_models.items()],
            "result": result,
            "errors": [{"status": status, "code": code} for status, code in errors],
            "destructive": destructive,
            "idempotent": idempotent,
            "side_effect": _side_effect(op, destructive),
            "scopes": scopes,
            "samples": _samples(fields, result, all_models, destructive),
        }

    def offered_fields(self, op: Operation) -> list[ResultField]:
        """The fields of `op`'s result a user may pick, the default ones marked."""
        located = _Located(op.node, op.pointer)
        offered = Normaliser(self.document, Models(), self.note, result=True, keep="all")
        self._result(op, located, offered, "offered")
        default = Normaliser(self.document, Models(), self.note, result=True)
        self._result(op, located, default, "default")
        chosen = set(default.kept)
        return [ResultField(path, path in chosen) for path in dict.fromkeys(offered.kept)]

    def _check_picked(self, op: Operation, picked: Sequence[str], kept: Sequence[str]) -> None:
        unknown = [path for path in picked if path not in kept]
        if unknown:
            offered = [candidate.path for candidate in self.offered_fields(op)]
            listed = ", ".join(offered[:12]) + (", ..." if len(offered) > 12 else "")
            raise OpenAPIError(
                f"--result-field {identify(op)}: the result has no field "
                f"{', '.join(map(repr, unknown))} to pick; its fields: {listed or 'none'}"
            )

    def _parameters(self, op: Operation, normaliser: Normaliser, name: str) -> list[dict[str, Any]]:
        declared: dict[tuple[str, str], tuple[Any, dict[str, Any]]] = {}
        for where, source in (("path", op.path_item), ("op", op.node)):
            del where
            for raw in source.get("parameters") or []:
                param, _ = self.document.resolve(raw, self.document.base_uri)
                declared[(str(param.get("in")), str(param.get("name")))] = (raw, param)
        out = []
        for (location, wire), (_raw, param) in declared.items():
            if location in ("body", "formData"):
                continue  # Swagger 2.0 bodies: see _body
            if location == "cookie" or (location == "header" and wire.lower() in _SKIPPED_HEADERS):
                if param.get("required"):
                    raise OpenAPIError(
                        f"{self.document.origin} {op.pointer}: requires {location} "
                        f"parameter {wire!r}, which an action cannot set"
                    )
                continue
            if location not in ("path", "query", "header"):
                continue
            if (location, wire.lower()) in self.credential_parameters:
                continue  # the connection's API key: sent by the connection, never an argument
            schema_node: Any = param.get("schema") if "schema" in param else _v2_schema(param)
            normalised = normaliser.normalise(schema_node, self.document.base_uri, f"{name}_{wire}")
            if location == "path" and normalised["kind"] not in ("string", "integer", "number"):
                normalised = {"kind": "string", "max_length": 256, "nullable": False}
            if location == "path" and normalised["kind"] == "string":
                # One segment, sent percent-encoded (managed/operations.py checks it again).
                normalised["min_length"] = max(1, normalised.get("min_length") or 1)
                normalised["max_length"] = min(256, normalised.get("max_length") or 256)
                if not normalised.get("enum") and not normalised.get("pattern"):
                    normalised["pattern"] = PATH_SEGMENT
            plain_text = not normalised.get("enum") and not normalised.get("pattern")
            if location == "header" and normalised["kind"] == "string" and plain_text:
                # Printable ASCII only: no header injection, nothing httpx cannot encode.
                normalised["pattern"] = HEADER_TEXT
            if (
                location == "query"
                and normalised["kind"] == "integer"
                and is_page_size(wire)
                and normalised.get("le") is None
                and normalised.get("lt") is None
            ):
                normalised["le"] = MAX_PAGE_SIZE
            description = one_line(param.get("description"), 300)
            out.append(
                {
                    "name": field_name(wire),
                    "wire": wire,
                    "in": location,
                    "required": bool(param.get("required")) or location == "path",
                    "schema": {
                        **normalised,
                        "description": description or normalised["description"],
                    },
                    "join": self._join(op, location, param, normalised),
                }
            )
        return out

    def _join(
        self, op: Operation, location: str, param: dict[str, Any], schema: dict[str, Any]
    ) -> str | None:
        """The separator an array value is sent with, or None for one key per item."""
        if location == "header":
            return ","
        if location != "query" or schema["kind"] != "array":
            return None
        if self.document.version == "2.0":
            # Validation (document.py) admits only the formats listed.
            return _COLLECTION_SEPARATORS[param.get("collectionFormat", "csv")]
        style = param.get("style", "form")
        if style not in _STYLE_SEPARATORS:
            raise OpenAPIError(
                f"{self.document.origin} {op.pointer}: style {style!r} of array query "
                f"parameter {param.get('name')!r} is not supported (choose another operation)"
            )
        return None if param.get("explode", style == "form") else _STYLE_SEPARATORS[style]

    def _body(
        self,
        op: Operation,
        located: _Located,
        normaliser: Normaliser,
        name: str,
        taken: set[str],
    ) -> dict[str, Any] | None:
        if self.document.version == "2.0":
            return self._v2_body(op, normaliser, name, taken)
        request = located.child(self.document, "requestBody")
        if request is None:
            return None
        content = request.value.get("content") or {}
        media = _json_type(content) or (FORM_TYPE if FORM_TYPE in content else None)
        if media is None:
            if request.value.get("required"):
                raise OpenAPIError(
                    f"{self.document.origin} {request.at}: request body types "
                    f"{', '.join(content) or 'none'} are not supported; scaffold sends JSON or "
                    "application/x-www-form-urlencoded (choose another operation)"
                )
            return None
        schema = request.child(self.document, "content", media, "schema")
        if schema is None:
            return None
        return self._fields(
            schema, media, normaliser, name, taken, bool(request.value.get("required"))
        )

    def _fields(
        self,
        schema: _Located,
        media: str,
        normaliser: Normaliser,
        name: str,
        taken: set[str],
        required: bool,
    ) -> dict[str, Any]:
        normalised = normaliser.normalise({"$ref": schema.at}, self.document.base_uri, name)
        fields: list[dict[str, Any]]
        if normalised["kind"] == "object":
            # The body's own properties become arguments: the model is not needed itself.
            fields = normaliser.models.models.pop(normalised["model"])["fields"]
            for field in fields:
                field["required"] = field["required"] and required
                if field["name"] in taken:
                    field["name"] = "body_" + field["name"]
            whole = False
        else:
            fields = [{"name": "body", "wire": "", "required": required, "schema": normalised}]
            whole = True
        return {
            "content_type": media,
            "schema_pointer": schema.at,
            "fields": fields,
            "whole": whole,
        }

    def _v2_body(
        self, op: Operation, normaliser: Normaliser, name: str, taken: set[str]
    ) -> dict[str, Any] | None:
        raw_params = [*(op.path_item.get("parameters") or []), *(op.node.get("parameters") or [])]
        params = [
            (index, self.document.resolve(raw, self.document.base_uri)[0])
            for index, raw in enumerate(raw_params)
        ]
        for index, param in params:
            if param.get("in") == "body":
                where = pointer("paths", op.path, op.method.lower(), "parameters")
                offset = index - len(op.path_item.get("parameters") or [])
                located = _Located(op.node, op.pointer).child(
                    self.document, "parameters", offset, "schema"
                )
                if located is None:
                    raise OpenAPIError(f"{self.document.origin} {where}: a body without schema")
                return self._fields(
                    located,
                    "application/json",
                    normaliser,
                    name,
                    taken,
                    bool(param.get("required")),
                )
        form = [param for _, param in params if param.get("in") == "formData"]
        if not form:
            return None
        if any(param.get("type") == "file" for param in form):
            raise OpenAPIError(
                f"{self.document.origin} {op.pointer}: file uploads are not supported"
            )
        properties = {str(p["name"]): _v2_schema(p) for p in form}
        required = [str(p["name"]) for p in form if p.get("required")]
        normalised = normaliser.normalise(
            {"type": "object", "properties": properties, "required": required},
            self.document.base_uri,
            name,
        )
        fields = normaliser.models.models.pop(normalised["model"])["fields"]
        for field in fields:
            if field["name"] in taken:
                field["name"] = "body_" + field["name"]
        return {"content_type": FORM_TYPE, "schema_pointer": None, "fields": fields, "whole": False}

    def _result(
        self, op: Operation, located: _Located, normaliser: Normaliser, name: str
    ) -> dict[str, Any]:
        responses = located.child(self.document, "responses")
        codes = [code for code in _SUCCESS if responses and code in responses.value]
        for code in codes:
            response = responses.child(self.document, code) if responses else None
            if response is None:
                continue
            if self.document.version == "2.0":
                schema = response.child(self.document, "schema")
                examples = (response.value.get("examples") or {}).get("application/json")
            else:
                media = _json_type(response.value.get("content") or {})
                schema = (
                    response.child(self.document, "content", media, "schema") if media else None
                )
                examples = _example(response.value.get("content", {}).get(media or "", {}))
            if schema is None:
                continue
            normalised = normaliser.normalise(
                {"$ref": schema.at}, self.document.base_uri, name + "_result"
            )
            base = {"status": int(code) if code.isdigit() else 200, "pointer": schema.at}
            if normalised["kind"] == "object":
                return {**base, "kind": "object", "model": normalised["model"], "example": examples}
            if normalised["kind"] == "array":
                return {**base, "kind": "list", "items": normalised["items"], "example": examples}
        return {"status": 204 if "204" in codes else 200, "kind": "empty", "pointer": None}


def _samples(
    fields: list[dict[str, Any]],
    result: dict[str, Any],
    models: dict[str, Any],
    destructive: bool,
) -> dict[str, Any]:
    """Deterministic samples for the generated tests (see samples.py)."""
    # An optional free-form object (a schema cut at the depth bound) is left out: `{}` might
    # miss what the document requires inside it.
    arguments = {
        field["name"]: samples.value(field["schema"], models)
        for field in fields
        if field["required"] or field["schema"]["kind"] != "map"
    }
    if destructive:
        arguments["confirm"] = True
    invalid = [["unexpected_argument", 1]]
    for field in fields:
        broken = samples.breaking(field["schema"])
        if broken is not None:
            invalid.append([field["name"], broken])
    if result["kind"] == "object":
        response: Any = samples.object_value(models[result["model"]], models, 0)
        if isinstance(result.get("example"), dict):
            # The document's example, completed where it lacks a field the result requires.
            response = _overlay(response, result["example"])
        response["unexpected_extra_field"] = "must not pass through"
    elif result["kind"] == "list":
        response = [samples.value(result["items"], models, 1)]
    else:
        response = None
    return {"arguments": arguments, "invalid": invalid, "response": response}


def _overlay(generated: Any, example: Any) -> Any:
    """`example` over `generated`, value by value where both have the same JSON type."""
    if isinstance(generated, dict) and isinstance(example, dict):
        merged = dict(example)
        for key, value in generated.items():
            merged[key] = _overlay(value, example[key]) if key in example else value
        return merged
    same = type(generated) is type(example) or (
        isinstance(generated, int | float) and isinstance(example, int | float)
    )
    return (
        example
        if same and not isinstance(example, bool) ^ isinstance(generated, bool)
        else generated
    )


def _example(media: dict[str, Any]) -> Any:
    if "example" in media:
        return media["example"]
    for example in (media.get("examples") or {}).values():
        if isinstance(example, dict) and "value" in example:
            return example["value"]
    return None


def _v2_schema(param: dict[str, Any]) -> dict[str, Any]:
    """A Swagger 2.0 (non-body) parameter's schema keywords, which sit on the parameter."""
    return {k: v for k, v in param.items() if k not in ("name", "in", "required", "description")}


def _side_effect(op: Operation, destructive: bool) -> str:
    if op.method == "GET":
        return "none (reads only)"
    if destructive:
        return "removes or ends something upstream; it may not be undone"
    return f"changes data upstream ({op.method} {op.path})"


def build_plan(
    document: Document,
    operations: Sequence[Operation],
    note: Callable[[str], None],
    result_fields: Mapping[str, Sequence[str]] | None = None,
    credential_parameters: frozenset[tuple[str, str]] = frozenset(),
) -> list[dict[str, Any]]:
    """One action per operation, named, in the given order.

    `result_fields` holds, per operation (as `identify` names it), the result fields the user
    picked; an operation without an entry keeps the default ones. `credential_parameters`
    are the (location, lowercased name) parameters the connection's API key fills.
    """
    builder = _Builder(document, note, result_fields or {}, credential_parameters)
    names = action_names(operations, note)
    return [builder.action(name, op) for name, op in zip(names, operations, strict=True)]


def offered_result_fields(
    document: Document, op: Operation, note: Callable[[str], None]
) -> list[ResultField]:
    """The fields of `op`'s result a user may pick, in document order, defaults marked."""
    return _Builder(document, note, {}).offered_fields(op)
