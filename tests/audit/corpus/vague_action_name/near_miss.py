from integrations_sdk.component import FunctionEnv, workflow_action


@workflow_action(description="Create a ticket", result={})
def create_ticket(title: str, env: FunctionEnv):
    return {}


@workflow_action(description="Get the handler configuration", result={})
def get_handler_settings(env: FunctionEnv):
    return handle_response({})


def handle_response(response):
    return response


def do_cleanup():
    return None
