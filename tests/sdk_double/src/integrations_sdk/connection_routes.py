"""`POST /connections` and `GET /connections/{connectionId}` (CONTRACT.md sections 2, 3, 11).

Deliberate weaknesses kept from the real SDK:
- the create response echoes the connection exactly as storage returned it, secrets included
  (deliberate: CONTRACT §13.5 and §15; in production mode that is the storage server's reply);
- the connection validator runs inside a pydantic `model_validator(mode="after")`, so a
  `ValueError` gives a 422 whose `input` is the WHOLE body, secrets included (deliberate:
  CONTRACT §13.6); it also runs three times per successful create (request body, result
  model, FastAPI response model);
- `post_install_instructions` receives the connection's FULL options and secrets (deliberate:
  CONTRACT §13.7).
"""

from typing import Any, Self

from fastapi import APIRouter
from pydantic import BaseModel, ValidationError, model_validator

from integrations_sdk.component import FunctionEnv
from integrations_sdk.connection import ConnectionValidator, PostInstallInstructionsCallback
from integrations_sdk.errors import SafeValidationError
from integrations_sdk.payload import plain_data
from integrations_sdk.workflow import Connection, WorkflowStorage

__all__ = ["connection_endpoints"]


def connection_endpoints(
    router: APIRouter,
    storage: WorkflowStorage,
    options: type[BaseModel] | None,
    secrets: type[BaseModel] | None,
    validator: ConnectionValidator | None,
    post_install_instructions: PostInstallInstructionsCallback | None,
) -> None:
    """Register the connection routes on `router` for the given Options/Secrets models."""
    options_type: Any = options if options is not None else dict[str, Any]
    secrets_type: Any = secrets if secrets is not None else dict[str, Any]

    class ConnectionBody(BaseModel):
        options: options_type
        secrets: secrets_type

        @model_validator(mode="after")
        def _run_connection_validator(self) -> Self:
            if validator is not None:
                validator(self.secrets, self.options)  # secrets FIRST, like the real SDK
            return self

    class ResultConnection(ConnectionBody):
        id: str
        wfServerId: str
        createdAt: str
        updatedAt: str
        postInstallInstructions: str | None

    class ConnectionInfo(BaseModel):
        id: str
        wfServerId: str
        options: options_type
        createdAt: str
        updatedAt: str
        postInstallInstructions: str | None

    def instructions_for(connection: Connection) -> str | None:
        if post_install_instructions is None:
            return None
        return post_install_instructions(
            connection,
            # deliberate: CONTRACT §13.7, the FULL options and secrets, unfiltered
            lambda: FunctionEnv(info=connection.options or {}, secrets=connection.secrets or {}),
        )

    @router.post("/connections", status_code=201, response_model=ResultConnection)
    def create_connection(body: ConnectionBody) -> Any:
        connection = storage.save_connection(plain_data(body.options), plain_data(body.secrets))
        return ResultConnection(
            options=connection.options,
            secrets=connection.secrets,  # deliberate: CONTRACT §13.5, storage's secrets echoed
            id=connection.id,
            wfServerId=connection.wfServerId,
            createdAt=connection.createdAt,
            updatedAt=connection.updatedAt,
            postInstallInstructions=instructions_for(connection),
        )

    @router.get("/connections/{connectionId}", response_model=ConnectionInfo)
    def get_connection(connectionId: str) -> Any:
        connection = storage.get_connection(connectionId)
        stored_options: Any = connection.options
        if options is not None:
            try:
                stored_options = options.model_validate(connection.options or {})
            except ValidationError as error:
                raise SafeValidationError.from_validation_error(error) from None
        return ConnectionInfo(
            id=connection.id,
            wfServerId=connection.wfServerId,
            options=stored_options,
            createdAt=connection.createdAt,
            updatedAt=connection.updatedAt,
            postInstallInstructions=instructions_for(connection),
        )
