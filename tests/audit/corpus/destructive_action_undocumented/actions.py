from integrations_sdk.component import FunctionEnv, workflow_action


@workflow_action(description="Delete a ticket", result={})
def delete_ticket(ticket_id: str, env: FunctionEnv):  # expect: SCF502
    return {}


@workflow_action(description="Close a ticket", result={}, docs=None)
def close_ticket(ticket_id: str, env: FunctionEnv):  # expect: SCF502
    return {}


@workflow_action(description="Remove a user", result={}, docs="  ")
async def remove_user(user_id: str, env: FunctionEnv):  # expect: SCF502
    return {}
