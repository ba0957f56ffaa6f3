# Managed by scaffold and kept current by `scaffold update`: configure it, do not edit it.
"""scaffold's room: the security machinery every generated workflow server shares.

Everything below this package is written by scaffold from the project's answers and replaced
by `scaffold update` when scaffold improves it: the settings and their production refusals,
the redacting logger, the hardening layer around the SDK, guarded outbound HTTP, the webhook
pipeline (verification, replay protection, dispatch) and the shared parts of every action.

It is configured, not edited: through the environment (settings.py), through the answers
(`scaffold add ...`, `scaffold set KEY=VALUE`), and through its documented hooks, which the
project's own modules call: `harden(app, settings, runtime)` in app.py, `workflow_action` and the
error models in actions.py for the modules in fns/actions/, `mount_webhook_route` and
`options_for` for fns/triggers.py, and `cleanup_registry` for upstream webhook cleanup.
The project's own room is everything outside this package: the connection models
(connection.py), the actions (fns/actions/), the triggers and their payloads (fns/triggers.py,
payloads.py), the manifest texts (manifest.py) and the wiring (app.py).
"""
