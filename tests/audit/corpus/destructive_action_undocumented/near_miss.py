from integrations_sdk.component import FunctionEnv, workflow_action

CLOSE_DOCS = "Closes the ticket upstream. Idempotent. Needs the tickets:write scope."


@workflow_action(
    description="Delete a ticket",
    result={},
    docs="Permanently deletes the ticket upstream; cannot be undone. Needs tickets:delete.",
)
def delete_ticket(ticket_id: str, env: FunctionEnv):
    return {}


@workflow_action(description="Close a ticket", result={}, docs=CLOSE_DOCS)
def close_ticket(ticket_id: str, env: FunctionEnv):
    return {}


@workflow_action(description="List closed tickets", result={})
def closed_tickets(env: FunctionEnv):
    return {}


def delete_cache_entry(key: str):
    return None
