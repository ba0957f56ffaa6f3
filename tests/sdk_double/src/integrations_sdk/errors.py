"""Errors of the SDK double (CONTRACT.md section 11).

`SafeValidationError` is raised when STORED data no longer fits a model (GET connection,
trigger `getEnv`). It is not an `HTTPException`, so the client gets a plain-text 500 and only
the server log sees the message, which carries no input values.
"""

from typing import Any

from pydantic import ValidationError

__all__ = ["SafeValidationError"]


class SafeValidationError(ValidationError):
    """A pydantic `ValidationError` whose message leaves out input values and URLs."""

    @classmethod
    def from_validation_error(cls, error: ValidationError) -> "SafeValidationError":
        """Rebuild `error` as a `SafeValidationError`, dropping every input value."""
        line_errors: list[Any] = [
            {**detail, "input": None}
            for detail in error.errors(include_url=False, include_input=False)
        ]
        return cls.from_exception_data(error.title, line_errors)

    def __str__(self) -> str:
        """Return `"Invalid model: <title>: <errors without input/url>"`."""
        details = self.errors(include_url=False, include_input=False)
        return f"Invalid model: {self.title}: {details}"

    def __repr__(self) -> str:
        """Same as `str()`, so that tracebacks do not show input values either."""
        return f"{type(self).__name__}({self})"
