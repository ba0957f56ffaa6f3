"""scaffold: generate secure workflow servers for the Ebbot Integrations SDK."""

__version__ = "0.1.0"
# The name scaffold is published and installed under (the command stays `scaffold`): the bare
# name `scaffold` on the public index belongs to an unrelated project.
DISTRIBUTION = "ebbot-scaffold"
