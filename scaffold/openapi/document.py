"""Load, validate and resolve an OpenAPI description (Swagger 2.0, OpenAPI 3.0 and 3.1).

Validation is `openapi-spec-validator` (the reference validator of the OpenAPI ecosystem, one
validator per version); `$ref`s, local or to files beside the document, are resolved with
`referencing` (the resolver jsonschema itself uses), never by hand-written pointer walking.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import yaml
from openapi_spec_validator import (
    OpenAPIV2SpecValidator,
    OpenAPIV30SpecValidator,
    OpenAPIV31SpecValidator,
)
from openapi_spec_validator.validation.exceptions import OpenAPIValidationError
from referencing import Registry, Resource
from referencing.exceptions import Unresolvable
from referencing.jsonschema import DRAFT4, DRAFT202012

from scaffold.errors import OpenAPIError

# Real descriptions are large (GitHub's is several MB) but bounded; this refuses a runaway file.
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
# Up to this size the whole description is validated on load. A larger one is validated in
# the part the chosen operations use: the slice (see scaffold/openapi/__init__.py), which
# keeps the document's pointers; validating all of a 5 MB description takes minutes.
FULL_VALIDATION_BYTES = 1024 * 1024


def pointer(*parts: str | int) -> str:
    """The JSON pointer (a URI fragment) of `parts`: ('paths', '/a/{b}') -> '#/paths/~1a~1{b}'."""
    escaped = (str(part).replace("~", "~0").replace("/", "~1") for part in parts)
    return "#/" + "/".join(escaped) if parts else "#"


# libyaml's parser when it is there: a multi-MB description parses in seconds, not minutes.
_SafeLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _JsonCompatibleLoader(_SafeLoader):  # type: ignore[misc]
    """YAML as JSON sees it: dates and times stay strings (the plan is stored as JSON)."""


_JsonCompatibleLoader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def parse(raw: bytes, origin: str) -> dict[str, Any]:
    """The document in `raw` (JSON or YAML), as a mapping."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise OpenAPIError(f"{origin}: not UTF-8 text; save it as UTF-8 JSON or YAML") from None
    try:
        if text.lstrip().startswith("{"):
            document = json.loads(text)
        else:
            document = yaml.load(text, _JsonCompatibleLoader)  # noqa: S506 (a SafeLoader)
    except (json.JSONDecodeError, yaml.YAMLError) as error:
        raise OpenAPIError(f"{origin}: not valid JSON or YAML ({_first_line(error)})") from None
    if not isinstance(document, dict):
        raise OpenAPIError(f"{origin} #: an OpenAPI description is a mapping at the top level")
    return document


def _first_line(error: Exception) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__


def version_of(document: Mapping[str, Any], origin: str) -> str:
    """'2.0', '3.0' or '3.1'; anything else is refused."""
    if str(document.get("swagger", "")).startswith("2.0"):
        return "2.0"
    declared = str(document.get("openapi", ""))
    for version in ("3.0", "3.1"):
        if declared.startswith(version + "."):
            return version
    where = "#/openapi" if "openapi" in document else "#"
    raise OpenAPIError(
        f"{origin} {where}: unsupported version {declared or 'none'!r}; "
        "scaffold reads OpenAPI 3.0, 3.1 and Swagger 2.0"
    )


_VALIDATORS: dict[str, Any] = {
    "2.0": OpenAPIV2SpecValidator,
    "3.0": OpenAPIV30SpecValidator,
    "3.1": OpenAPIV31SpecValidator,
}


@dataclass
class Document:
    """A validated description, its content hash, and a resolver for its `$ref`s."""

    root: dict[str, Any]
    version: str
    sha256: str
    base_uri: str
    origin: str
    _resolver: Any = field(repr=False)  # a referencing Resolver (not exported by the package)

    def resolve(self, node: Any, base: str) -> tuple[Any, str]:
        """Follow `$ref`s from `node` (found in the document at `base`) to a value.

        Returns the value and the URI it lives at, so refs inside it resolve against their own
        file. A chain of refs is followed to the end; a cycle of pure refs is refused.
        """
        seen: set[str] = set()
        while isinstance(node, Mapping) and isinstance(node.get("$ref"), str):
            target = urljoin(base, node["$ref"])
            if target in seen:
                raise OpenAPIError(f"{self.origin} {node['$ref']}: a $ref that points at itself")
            seen.add(target)
            try:
                resolved = self._resolver.lookup(target)
            except Unresolvable as error:
                if isinstance(error.__cause__, OpenAPIError):
                    raise error.__cause__ from None
                raise OpenAPIError(
                    f"{self.origin} {node['$ref']}: this $ref cannot be resolved; "
                    "refs may point into the document or to files beside it"
                ) from None
            self._resolver = resolved.resolver  # keeps the files retrieved so far
            node, base = resolved.contents, target
        return node, base

    def ref_target(self, node: Any, base: str) -> str | None:
        """The absolute URI a `$ref` node points at (None for an inline node)."""
        if isinstance(node, Mapping) and isinstance(node.get("$ref"), str):
            return urljoin(base, str(node["$ref"]))
        return None

    def contents_at(self, uri: str) -> Any:
        """The value at an absolute URI (`file:///dir/other.yaml#/Thing`)."""
        return self.resolve({"$ref": uri}, self.base_uri)[0]


def _retriever(root_dir: Path, origin: str) -> Callable[[str], Resource[Any]]:
    """Loads files beside the document (and below its directory), never from the network."""

    def retrieve(uri: str) -> Resource[Any]:
        parts = urlsplit(uri)
        if parts.scheme != "file":
            raise OpenAPIError(
                f"{origin}: $ref to {uri} leaves the document's directory; "
                "download that file beside the document and refer to it by relative path"
            )
        path = Path(parts.path).resolve()
        if not path.is_relative_to(root_dir):
            raise OpenAPIError(f"{origin}: $ref to {path.name} leaves the document's directory")
        try:
            raw = path.read_bytes()
        except OSError:
            raise OpenAPIError(f"{origin}: $ref to {path.name}: the file cannot be read") from None
        return Resource.opaque(parse(raw, path.name))

    return retrieve


def load_bytes(
    raw: bytes, *, origin: str, base_uri: str, root_dir: Path | None, whole: bool = False
) -> Document:
    """Validate the description in `raw`; refs to other files resolve below `root_dir`.

    It is validated whole when `whole` or when small (FULL_VALIDATION_BYTES).
    """
    if len(raw) > MAX_DOCUMENT_BYTES:
        raise OpenAPIError(f"{origin}: larger than {MAX_DOCUMENT_BYTES // 2**20} MB")
    root = parse(raw, origin)
    version = version_of(root, origin)
    specification = DRAFT202012 if version == "3.1" else DRAFT4
    registry: Registry[Any] = Registry(
        retrieve=_retriever(root_dir, origin) if root_dir else _no_files(origin)  # type: ignore[call-arg]
    ).with_resource(base_uri, specification.create_resource(root))
    _refuse_remote_refs(root, origin)
    if whole or len(raw) <= FULL_VALIDATION_BYTES:
        _validate(root, version, base_uri, origin)
    return Document(
        root=root,
        version=version,
        sha256=hashlib.sha256(raw).hexdigest(),
        base_uri=base_uri,
        origin=origin,
        _resolver=registry.resolver(base_uri),
    )


def _no_files(origin: str) -> Callable[[str], Resource[Any]]:
    def retrieve(uri: str) -> Resource[Any]:
        raise OpenAPIError(f"{origin}: $ref to {uri}: a fetched document may only refer to itself")

    return retrieve


def _refuse_remote_refs(root: Any, origin: str) -> None:
    """No `$ref` may reach the network: the validator would follow it, and so would updates."""
    stack: list[tuple[Any, tuple[str | int, ...]]] = [(root, ())]
    while stack:
        node, where = stack.pop()
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and "://" in ref.split("#", 1)[0]:
                raise OpenAPIError(
                    f"{origin} {pointer(*where, '$ref')}: refers to another server ({ref}); "
                    "download that file beside the document and refer to it by relative path"
                )
            stack.extend((value, (*where, key)) for key, value in node.items())
        elif isinstance(node, list):
            stack.extend((value, (*where, index)) for index, value in enumerate(node))


def _validate(root: dict[str, Any], version: str, base_uri: str, origin: str) -> None:
    validator = _VALIDATORS[version](root, base_uri=base_uri)
    try:
        error = next(iter(validator.iter_errors()), None)
    except OpenAPIError:
        raise
    except Exception as failure:  # the validator's resolver failing on a ref it follows
        raise OpenAPIError(f"{origin}: cannot be validated ({_first_line(failure)})") from None
    if isinstance(error, OpenAPIValidationError) or error is not None:
        where = pointer(*error.absolute_path)
        message = _first_line(Exception(error.message))
        if len(message) > 160:
            message = message[:157] + "..."
        raise OpenAPIError(
            f"{origin} {where}: not a valid OpenAPI {version} description: {message}"
        )


def load_path(path: Path) -> Document:
    """Read and validate the description at `path`."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise OpenAPIError(
            f"{path}: no such file; give the path or https URL of the description"
        ) from None
    except OSError as error:
        raise OpenAPIError(f"{path}: cannot be read ({error.strerror})") from None
    resolved = path.resolve()
    return load_bytes(raw, origin=path.name, base_uri=resolved.as_uri(), root_dir=resolved.parent)
