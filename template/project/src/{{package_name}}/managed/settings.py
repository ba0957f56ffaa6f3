# Managed by scaffold and kept current by `scaffold update`: configure it, do not edit it.
"""Server settings, read from the environment (and a local `.env` file).

Production is the default: `DEV_MODE` is false unless set, and outside dev mode the server
refuses to start with a configuration that would run it open or leak the engine key.
Error messages name the variable at fault and never print its value.
"""

from __future__ import annotations

import re
import secrets
from typing import Literal
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, ValidationError, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

MIN_AUTH_TOKEN_LENGTH = 32
_PLACEHOLDER_MARKERS = (
    "change-me",
    "changeme",
    "placeholder",
    "replace-me",
    "<",
    "example",
)
_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
_HOSTNAME = re.compile(_LABEL + r"(?:\." + _LABEL + ")*")


class InsecureSettingsError(RuntimeError):
    """The configuration is missing or unsafe; the message names the variable to fix."""


def looks_like_placeholder(value: str) -> bool:
    """True for an empty value or one an example file would carry ("change-me", "xxxx", ...)."""
    lowered = value.strip().lower()
    # A run of x's is a placeholder ("sk_live_xxxxxxxx") only when x's make up a third of the
    # value: a random 43-character token holds "xXxX" about once in 25,000 draws.
    masked = "xxxx" in lowered and 3 * lowered.count("x") >= len(lowered)
    return not lowered or masked or any(marker in lowered for marker in _PLACEHOLDER_MARKERS)


class Settings(BaseSettings):
    """Everything the server reads from its environment."""

    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", hide_input_in_errors=True
    )

    app_env: Literal["development", "test", "production"] = Field(
        default="production", description="Where this runs; 'production' forbids DEV_MODE."
    )
    dev_mode: bool = Field(
        default=False,
        description="Local SQLite storage, docs on, auth optional. Never in production.",
    )
    auth_token: SecretStr | None = Field(
        default=None, description="Bearer token the Ebbot platform sends on every SDK route."
    )
    connection_server_url: str | None = Field(
        default=None, description="Ebbot connection/storage server base URL (https)."
    )
    connection_server_key: SecretStr | None = Field(
        default=None, description="Ebbot connection/storage server key (also signs dispatches)."
    )
    engine_callback_host: str | None = Field(
        default=None,
        description="Host that subscription callback URLs must point at (defaults to the "
        "connection server's host).",
    )
    replay_store_url: str | None = Field(
        default=None,
        description="redis://... shared by every replica: webhook replay protection, secret "
        "cache invalidation and (WEBHOOK_DELIVERY=queued) the delivery stream.",
    )
    webhook_delivery: Literal["queued", "sync"] = Field(
        default="queued",
        description="With REPLAY_STORE_URL: 'queued' answers 202 once an event is in the Redis "
        "Stream and workers deliver it; 'sync' dispatches before answering. Without Redis "
        "deliveries are always synchronous.",
    )
    webhook_delivery_workers: Literal["inline", "external"] = Field(
        default="inline",
        description="Where queued events are delivered: 'inline' in worker threads of this "
        "server (one replica, dev); 'external' only in `python -m <package> deliver` "
        "processes, so the server only accepts (replicas under load).",
    )
    delivery_workers: int = Field(
        default=2, ge=1, le=64, description="Delivery worker threads per process."
    )
    delivery_max_attempts: int = Field(
        default=8, ge=1, le=100, description="Failed attempts before an event is dead-lettered."
    )
    delivery_timeout_seconds: float = Field(
        default=10.0, gt=0, le=120, description="Deadline of one dispatch attempt."
    )
    delivery_reclaim_idle_seconds: float = Field(
        default=60.0,
        gt=0,
        le=3600,
        description="Idle time after which another worker reclaims a pending delivery.",
    )
    webhook_secret_cache_seconds: float = Field(
        default=30.0,
        ge=0,
        le=300,
        description="How long a subscription's signing secrets are cached (0: no cache).",
    )
    max_body_bytes: int = Field(
        default=256 * 1024, ge=1024, le=25 * 1024 * 1024, description="Request body cap in bytes."
    )
    action_rate_limit_per_minute: int = Field(
        default=60, ge=1, le=100_000, description="Action calls per minute per connection."
    )
    action_rate_limit_burst: int = Field(
        default=20, ge=1, le=10_000, description="Action calls allowed in one burst."
    )
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"

    @model_validator(mode="after")
    def _reclaim_after_the_deadline(self) -> Settings:
        if self.delivery_reclaim_idle_seconds <= self.delivery_timeout_seconds:
            # A live worker's attempt would be reclaimed and delivered twice.
            raise ValueError(
                "DELIVERY_RECLAIM_IDLE_SECONDS must be longer than DELIVERY_TIMEOUT_SECONDS"
            )
        return self

    @model_validator(mode="after")
    def _refuse_insecure_production(self) -> Settings:
        if self.dev_mode:
            if self.app_env == "production":
                raise ValueError(
                    "DEV_MODE=true is refused when APP_ENV=production; set APP_ENV=development"
                )
            return self
        token = self.auth_token.get_secret_value() if self.auth_token else ""
        if looks_like_placeholder(token):
            raise ValueError("AUTH_TOKEN is missing or a placeholder; set a random token")
        if len(token) < MIN_AUTH_TOKEN_LENGTH:
            raise ValueError(f"AUTH_TOKEN is shorter than {MIN_AUTH_TOKEN_LENGTH} characters")
        if not self.connection_server_url:
            raise ValueError("CONNECTION_SERVER_URL is missing")
        if not self.connection_server_url.startswith("https://"):
            raise ValueError("CONNECTION_SERVER_URL must start with https://")
        key = self.connection_server_key.get_secret_value() if self.connection_server_key else ""
        if looks_like_placeholder(key):
            raise ValueError("CONNECTION_SERVER_KEY is missing or a placeholder")
        if secrets.compare_digest(key.encode(), token.encode()):
            # One leak would then give both: platform access and the engine's dispatch key.
            raise ValueError("AUTH_TOKEN and CONNECTION_SERVER_KEY must be different secrets")
        if self.engine_callback_host is not None and not _HOSTNAME.fullmatch(
            self.engine_callback_host.strip().lower()
        ):
            raise ValueError("ENGINE_CALLBACK_HOST must be a bare host name (no scheme or path)")
        return self

    @property
    def engine_url(self) -> str:
        """Storage server URL handed to the SDK (ignored by the SDK in dev mode)."""
        return self.connection_server_url or "http://127.0.0.1:9/dev-mode-has-no-storage-server"

    @property
    def engine_key(self) -> str:
        """Storage server key handed to the SDK.

        The SDK sends it as a bearer token with every dispatch, even in dev mode, so dev mode
        gets a random per-process key instead of a shared default.
        """
        if self.connection_server_key is not None:
            return self.connection_server_key.get_secret_value()
        return _DEV_ENGINE_KEY

    @property
    def callback_host(self) -> str | None:
        """The only host subscription callbacks (and so dispatches) may go to."""
        if self.engine_callback_host:
            return self.engine_callback_host.strip().lower()
        if self.connection_server_url:
            return (urlsplit(self.connection_server_url).hostname or "").lower() or None
        return None

    @property
    def auth_token_value(self) -> str | None:
        """The bearer token, or None when dev mode runs without one."""
        return self.auth_token.get_secret_value() if self.auth_token else None


_DEV_ENGINE_KEY = secrets.token_urlsafe(32)


def load_settings(**overrides: object) -> Settings:
    """Read settings from the environment; raise InsecureSettingsError without any values."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as error:
        problems = [
            str(problem["msg"]).removeprefix("Value error, ")
            if not problem["loc"]
            else f"{str(problem['loc'][0]).upper()}: {problem['msg']}"
            for problem in error.errors(
                include_input=False, include_url=False, include_context=False
            )
        ]
        raise InsecureSettingsError("; ".join(problems)) from None
