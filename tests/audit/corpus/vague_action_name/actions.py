from integrations_sdk.component import FunctionEnv, workflow_action
from integrations_sdk.component import workflow_action as action


@workflow_action(description="Does everything with tickets", result={})
def manage_ticket(operation: str, env: FunctionEnv):  # expect: SCF501
    return {}


@action(description="Handles events", result={})
async def handle_event(event: dict, env: FunctionEnv):  # expect: SCF501
    return {}


@workflow_action(description="Syncs", result={})
def do_sync(env: FunctionEnv):  # expect: SCF501
    return {}
