from integrations_sdk.triggers import workflow_trigger

from .connection import TicketTriggerOptions


@workflow_trigger(description="Ticket updated", result={}, triggerOptions=TicketTriggerOptions)
def ticket_updated(dispatch, events):
    events.on_created(lambda subscription: subscription)
