"""Public connection types (CONTRACT.md sections 1 and 2).

`ConnectionValidator` is called as `validator(secrets, options)`, secrets FIRST, and must be
side-effect free because it runs several times per request (see `connection_routes`).
"""

from collections.abc import Callable

from pydantic import BaseModel

from integrations_sdk.component import FunctionEnv
from integrations_sdk.workflow import Connection

__all__ = ["ConnectionValidator", "EmptyOptions", "PostInstallInstructionsCallback"]


# The default Options/Secrets model: no fields at all. No docstring on purpose: it would become
# a `description` in the manifest, which the real SDK's "EmptyOptions" schema does not have.
class EmptyOptions(BaseModel):
    pass


ConnectionValidator = Callable[[BaseModel, BaseModel], None]
"""`validator(secrets, options)`; raise `ValueError` (or `AssertionError`) to reject with 422."""

PostInstallInstructionsCallback = Callable[[Connection, Callable[[], FunctionEnv]], str]
"""Called on every connection create and GET; the env getter returns FULL options/secrets."""
