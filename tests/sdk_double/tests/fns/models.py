"""Models shared by the test actions and triggers."""

from pydantic import BaseModel, Field


class Options(BaseModel):
    """A connection's non-secret settings."""

    region: str
    note: str | None = None


class Secrets(BaseModel):
    """A connection's secrets."""

    apiKey: str


class Result(BaseModel):
    """Result of most test actions."""

    result: str = Field(description="The end result")
    detail: str | None = None


class Problem(BaseModel):
    """An error schema."""

    message: str


class Point(BaseModel):
    """A nested argument model."""

    x: int
    y: int


class Args(BaseModel):
    """A pydantic arguments model with an optional field."""

    name: str
    point: Point | None = None


class Hook(BaseModel):
    """An inbound webhook payload."""

    messageId: str
    message: str


class TOpts(BaseModel):
    """Per-subscription options."""

    label: str


class TSecrets(BaseModel):
    """Per-subscription secrets."""

    signing: str
