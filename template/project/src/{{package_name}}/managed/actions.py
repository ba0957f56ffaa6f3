# Managed by scaffold and kept current by `scaffold update`: configure it, do not edit it.
"""What every action module shares: strict arguments, error bodies, and one guarded upstream call.

The SDK validates arguments with jsonschema and then splats the raw JSON into the function;
`validated` re-checks them with pydantic (patterns are anchored properly there, lengths and
time windows enforced) before anything is built from them. Every failure becomes an
HTTPException whose detail is one of the error models below: a stable code and a fixed
message, never an upstream body, a URL or a secret.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any, Literal, get_args

from fastapi import HTTPException
from integrations_sdk.component import FieldInfo, FunctionEnv
from integrations_sdk.component import workflow_action as sdk_workflow_action
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from . import ratelimit
from .credentials import SECRET_KEYS, credentials_from
from .redaction import register_secrets
from .upstream import UpstreamClient, UpstreamError

ENV_KEYS = ["baseUrl"]
"""The Options keys every action declares: only where to call."""

__all__ = ["ENV_KEYS", "SECRET_KEYS"]

MAX_PAGE_SIZE = 50
MAX_PAGES = 5
MAX_ITEMS = MAX_PAGE_SIZE * MAX_PAGES
SEARCH_WINDOW_DAYS = 30
ID_PATTERN = r"^[A-Za-z0-9_-]{1,64}$"
IDEMPOTENCY_KEY_PATTERN = r"^[A-Za-z0-9_-]{16,64}$"
Status = Literal["open", "pending", "solved", "closed"]
ClosedStatus = Literal["solved", "closed"]


def workflow_action(**declaration: Any) -> Callable[[Callable[..., Any]], Any]:
    """The SDK's `workflow_action`, typed for mypy (the SDK ships no type information)."""
    decorate: Callable[[Callable[..., Any]], Any] = sdk_workflow_action(**declaration)
    return decorate


class StrictArguments(BaseModel):
    """Base of every arguments model: unknown keys refused, inputs never echoed in errors."""

    # extra="forbid" also puts additionalProperties:false into the schema the SDK enforces.
    model_config = ConfigDict(extra="forbid", hide_input_in_errors=True)


class ActionErrorBody(BaseModel):
    """Common shape of an action's error `detail`."""

    message: str = Field(description="A fixed, human-readable message (never upstream text).")


class InvalidArgumentsError(ActionErrorBody):
    """HTTP 422: the arguments do not fit the schema; nothing was sent upstream."""

    code: Literal["invalid_arguments"]


class RateLimitedError(ActionErrorBody):
    """HTTP 429: this connection's action budget (or the upstream's) is used up; retry later."""

    code: Literal["rate_limited"]


class NotFoundError(ActionErrorBody):
    """HTTP 404: the upstream object does not exist or this credential cannot see it."""

    code: Literal["not_found"]


class ConflictError(ActionErrorBody):
    """HTTP 409: the object's state does not allow the change (e.g. already closed)."""

    code: Literal["conflict"]


class UpstreamUnauthorizedError(ActionErrorBody):
    """HTTP 502: the upstream refused the connection's credential or it lacks a scope."""

    code: Literal["upstream_unauthorized"]


class UpstreamRejectedError(ActionErrorBody):
    """HTTP 502: the upstream refused the request as sent."""

    code: Literal["upstream_rejected"]


class UpstreamUnavailableError(ActionErrorBody):
    """HTTP 502: the upstream failed, redirected, sent too much or sent unexpected data."""

    code: Literal["upstream_unavailable"]


class UpstreamTimeoutError(ActionErrorBody):
    """HTTP 504: the upstream did not answer within the time budget."""

    code: Literal["upstream_timeout"]


HTTP_STATUS = {
    "invalid_arguments": 422,
    "rate_limited": 429,
    "not_found": 404,
    "conflict": 409,
    "upstream_unauthorized": 502,
    "upstream_rejected": 502,
    "upstream_unavailable": 502,
    "upstream_timeout": 504,
}

COLLECTION_ERRORS: list[type[BaseModel]] = [
    InvalidArgumentsError,
    RateLimitedError,
    UpstreamUnauthorizedError,
    UpstreamRejectedError,
    UpstreamUnavailableError,
    UpstreamTimeoutError,
]
OBJECT_ERRORS: list[type[BaseModel]] = [*COLLECTION_ERRORS, NotFoundError]
CHANGE_ERRORS: list[type[BaseModel]] = [*OBJECT_ERRORS, ConflictError]


def action_error(code: str, message: str) -> HTTPException:
    """The HTTPException for an error code (see HTTP_STATUS)."""
    return HTTPException(status_code=HTTP_STATUS[code], detail={"code": code, "message": message})


def status_picker(choices: Any, label: str) -> Callable[[FunctionEnv], dict[str, Any]]:
    """An `info=` callback offering `choices` for the `status` argument.

    Built from constants only: it never reads env.secrets, so nothing secret can reach the
    form the platform shows.
    """
    options = [(value, value.capitalize()) for value in get_args(choices)]

    def info(env: FunctionEnv) -> dict[str, Any]:
        del env  # the choices do not depend on the connection
        return {"status": FieldInfo(label=label, options=options, description=None)}

    return info


def validated[ArgsT: StrictArguments](model: type[ArgsT], **arguments: Any) -> ArgsT:
    """The arguments as `model`, or a 422 that does not repeat them."""
    try:
        # JSON mode: the values came from JSON, so strings become datetimes the same way
        # they would have over the wire, and nothing else is coerced.
        return model.model_validate_json(json.dumps(arguments), strict=True)
    except (ValidationError, TypeError, ValueError):
        raise action_error("invalid_arguments", "invalid arguments") from None


def parsed[ResultT: BaseModel](model: type[ResultT], data: Any) -> ResultT:
    """The upstream data as the minimal result model, or a typed 502."""
    try:
        return model.model_validate(data)
    except ValidationError:
        raise action_error("upstream_unavailable", "unexpected upstream response") from None


def call_upstream(
    env: FunctionEnv,
    method: str,
    path: str,
    *,
    params: Mapping[str, str | int] | None = None,
    json_body: Mapping[str, Any] | None = None,
    headers: Mapping[str, str] | None = None,
    idempotent: bool | None = None,
    charge: bool = True,
    form_body: Mapping[str, str] | None = None,
) -> Any:
    """One guarded upstream call for the connection in `env`.

    `charge` takes one token of the connection's action budget: once per action run (the
    later pages of a list are bounded by MAX_PAGES instead).
    """
    base_url = str(env.info["baseUrl"])
    secrets = {key: str(env.secrets[key]) for key in SECRET_KEYS}
    # Known to the redactor from now on, also after a restart: logs and responses mask them.
    register_secrets(secrets.values())
    if charge:
        try:
            limiter = ratelimit.action_limiter
            limiter.acquire(limiter.key_for([base_url, *secrets.values()]))
        except ratelimit.RateLimited as error:
            raise action_error("rate_limited", str(error)) from None
    try:
        client = UpstreamClient(base_url, credentials_from(secrets, base_url))
        return client.request(
            method,
            path,
            params=params,
            json_body=json_body,
            headers=headers,
            idempotent=idempotent,
            form_body=form_body,
        )
    except UpstreamError as error:
        raise action_error(error.code, str(error)) from None


def collect_pages[ItemT: BaseModel](
    env: FunctionEnv,
    path: str,
    item: type[ItemT],
    *,
    limit: int,
    params: Mapping[str, str | int],
) -> tuple[list[ItemT], bool]:
    """Up to `limit` items (and at most MAX_PAGES requests); True when more were left.

    The upstream answers `{"data": [...], "has_more": bool}` for `page`/`per_page`;
    adapt this one function if the upstream pages differently.
    """
    page_size = min(limit, MAX_PAGE_SIZE)
    items: list[ItemT] = []
    for page in range(1, MAX_PAGES + 1):
        data = call_upstream(
            env,
            "GET",
            path,
            params={**params, "page": page, "per_page": page_size},
            charge=page == 1,
        )
        batch = parsed(Page, data)
        items.extend(parsed(item, entry) for entry in batch.data[:page_size])
        if len(items) >= limit:
            return items[:limit], len(items) > limit or batch.has_more
        if not batch.has_more:
            return items, False
    return items, True


class Page(BaseModel):
    """One page of an upstream collection, as read (entries are validated one by one)."""

    data: list[Any]  # longer pages than asked for are cut, not trusted
    has_more: bool = False
