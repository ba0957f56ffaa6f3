"""scaffold: generate secure workflow servers for the Ebbot Integrations SDK."""

__version__ = "0.1.0"
