"""Sample values for the generated tests: valid arguments, values that break one constraint,
and an upstream response generated from the result schema. Deterministic: the same plan
always gives the same samples, so generated tests are stable.
"""

from __future__ import annotations

import re
from re import _parser as sre  # type: ignore[attr-defined]
from typing import Any

_CANDIDATES = ("a42", "abc", "42", "A", "a", "2024-01-01", "name@example.com", "x")


def _from_regex(pattern: str) -> str | None:
    """A short string `pattern` matches (None when the pattern is beyond this sketch)."""
    try:
        tree = sre.parse(pattern)
    except re.error:
        return None

    def build(items: Any) -> str:
        out = []
        for op, arg in items:
            name = str(op)
            if name == "LITERAL":
                out.append(chr(arg))
            elif name == "IN":
                out.append(_first_in(arg))
            elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
                low, _high, sub = arg
                out.append(build(sub) * max(low, 1 if low else 0))
            elif name == "SUBPATTERN":
                out.append(build(arg[-1]))
            elif name == "BRANCH":
                out.append(build(arg[1][0]))
            elif name == "CATEGORY":
                out.append("1" if "DIGIT" in str(arg) else "a")
            elif name == "ANY":
                out.append("a")
            elif name == "AT":
                continue
            else:
                raise ValueError(name)
        return "".join(out)

    try:
        text = build(tree)
    except (ValueError, TypeError):
        return None
    return text if re.search(pattern, text) else None


def _first_in(items: Any) -> str:
    for op, arg in items:
        name = str(op)
        if name == "LITERAL":
            return chr(arg)
        if name == "RANGE":
            return chr(arg[0])
        if name == "CATEGORY":
            return "1" if "DIGIT" in str(arg) else "a"
    raise ValueError("IN")


def _string(schema: dict[str, Any]) -> str:
    if schema.get("enum"):
        return str(schema["enum"][0])
    form = schema.get("format")
    if form == "date-time":
        return "2024-01-02T03:04:05Z"
    if form == "date":
        return "2024-01-02"
    if form == "uuid":
        return "12345678-1234-5678-1234-567812345678"
    if form == "email":
        return "name@example.com"
    low = schema.get("min_length") or 1
    high = schema.get("max_length") or 1000
    pattern = schema.get("pattern")
    if pattern:
        found = _from_regex(pattern)
        if found is None:
            found = next((c for c in _CANDIDATES if re.search(pattern, c)), "a42")
        return found
    text = "a42"
    if len(text) < low:
        text = text + "a" * (low - len(text))
    return text[:high]


def value(schema: dict[str, Any], models: dict[str, Any], depth: int = 0) -> Any:
    """A value that satisfies the normalised `schema` (required fields only, below depth 0)."""
    kind = schema.get("kind")
    if kind == "string":
        return _string(schema)
    if kind in ("integer", "number"):
        if schema.get("enum"):
            return schema["enum"][0]
        low = schema.get("ge")
        if low is None and schema.get("gt") is not None:
            low = schema["gt"] + 1
        number = low if low is not None else 1
        high = schema.get("le")
        if high is not None and number > high:
            number = high
        step = schema.get("multiple_of")
        if step:
            number = step
        return int(number) if kind == "integer" else float(number)
    if kind == "boolean":
        return True
    if kind == "array":
        # A free-form item (the schema nests deeper than normalised) could miss what the
        # document requires inside it: then the list stays empty, which every list allows.
        if schema["items"].get("kind") == "map" or depth >= 4:
            return []
        return [value(schema["items"], models, depth + 1)]
    if kind == "object":
        return object_value(models[schema["model"]], models, depth + 1)
    if kind == "union":
        return value(schema["options"][0], models, depth + 1)
    return {}


def object_value(model: dict[str, Any], models: dict[str, Any], depth: int) -> dict[str, Any]:
    """A model's required fields (all fields at the top of a result), by wire name."""
    return {
        field["wire"]: value(field["schema"], models, depth)
        for field in model["fields"]
        if field["required"] or model.get("result")
    }


def breaking(schema: dict[str, Any]) -> Any:
    """A value the schema refuses (None when it has no bound to break)."""
    kind = schema.get("kind")
    if kind == "string":
        if schema.get("enum"):
            return "not-one-of-the-choices"
        if schema.get("max_length") is not None:
            return "a" * (int(schema["max_length"]) + 1)
    if kind in ("integer", "number"):
        if schema.get("le") is not None:
            return schema["le"] + 1
        if schema.get("ge") is not None:
            return schema["ge"] - 1
        return "not a number"
    if kind == "array":
        return [None] * (int(schema.get("max_length") or 100) + 1)
    return None
