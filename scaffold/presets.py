"""Upstream presets as data: how each system signs its webhooks and how its API is called.

Facts come from shared/security/REFERENCE.md §1 (schemes, headers, tolerances, delivery ids).
A preset only suggests answers; every value can be overridden through the questionnaire.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal
from urllib.parse import urlsplit

SecretLocation = Literal["subscription", "connection"]

# Schemes without a timestamp can only be defended against replays by remembering delivery
# ids, so they keep them for the upstream's whole redelivery window (REFERENCE §2.1 step 6).
TIMESTAMPED_REPLAY_TTL = 900
UNTIMESTAMPED_REPLAY_TTL = 72 * 3600


@dataclass(frozen=True)
class EventSuggestion:
    """An event type the upstream sends and the payload fields worth dispatching."""

    name: str
    fields: tuple[str, ...]


@dataclass(frozen=True)
class WebhookPreset:
    """How one upstream signs and identifies its webhook deliveries."""

    name: str
    label: str
    scheme: str  # verifier in the generated webhooks/schemes.py
    upstream: str  # suggested upstream system name
    signature_header: str | None
    timestamp_header: str | None
    delivery_id_header: str | None  # None: the id comes from the verified body
    delivery_id_field: str | None  # body field holding the event id when no header carries it
    event_type_header: str | None  # None: the event type comes from the body
    event_type_field: str | None
    tolerance_seconds: int | None  # None: the scheme has no timestamp
    secret_location: SecretLocation
    api_base_url: str
    api_auth: str
    api_key_header: str | None = None
    events: tuple[EventSuggestion, ...] = field(default_factory=tuple)
    notes: str = ""
    # Keys leading from each event to the object whose fields are dispatched ("data" for
    # Standard Webhooks envelopes, "data"/"object" for Stripe); () means the event itself.
    payload_path: tuple[str, ...] = ()
    # The body is a JSON array of events (HubSpot batches up to 100 per request).
    batched: bool = False
    # The signature covers the public URL the upstream called (Twilio, HubSpot v3), so the
    # subscription stores that URL; it is never rebuilt from Host/X-Forwarded-* headers.
    signs_url: bool = False
    # Bodies may be form-encoded (Twilio's classic webhooks) as well as JSON.
    form_bodies: bool = False

    @property
    def replay_ttl_seconds(self) -> int:
        """How long delivery ids are remembered."""
        if self.tolerance_seconds is None:
            return UNTIMESTAMPED_REPLAY_TTL
        return max(TIMESTAMPED_REPLAY_TTL, 2 * self.tolerance_seconds)

    @property
    def has_timestamp(self) -> bool:
        """Whether the scheme signs a timestamp (and so bounds replays in time)."""
        return self.tolerance_seconds is not None


_TICKET_EVENTS = (
    EventSuggestion("ticket.created", ("id", "subject", "status")),
    EventSuggestion("ticket.updated", ("id", "status")),
)

WEBHOOK_PRESETS: dict[str, WebhookPreset] = {
    preset.name: preset
    for preset in (
        WebhookPreset(
            name="standard-webhooks",
            label="Standard Webhooks / Svix (webhook-id, webhook-timestamp, webhook-signature)",
            scheme="standard_webhooks",
            upstream="Acme",
            signature_header="webhook-signature",
            timestamp_header="webhook-timestamp",
            delivery_id_header="webhook-id",
            delivery_id_field=None,
            event_type_header=None,
            event_type_field="type",
            tolerance_seconds=300,
            secret_location="subscription",
            api_base_url="https://api.acme.example",
            api_auth="bearer-token",
            events=_TICKET_EVENTS,
            payload_path=("data",),
        ),
        WebhookPreset(
            name="stripe",
            label="Stripe (Stripe-Signature: t=...,v1=...)",
            scheme="stripe",
            upstream="Stripe",
            signature_header="stripe-signature",
            timestamp_header=None,  # inside Stripe-Signature
            delivery_id_header=None,
            delivery_id_field="id",
            event_type_header=None,
            event_type_field="type",
            tolerance_seconds=300,
            secret_location="subscription",
            api_base_url="https://api.stripe.com/v1",
            api_auth="bearer-token",
            events=(
                EventSuggestion("payment_intent.succeeded", ("id", "amount", "currency")),
                EventSuggestion("customer.created", ("id", "email")),
            ),
            payload_path=("data", "object"),
            notes="Stripe signs `t=<ts>,v1=<hex>`; v0 signatures are ignored and the timestamp "
            "is checked in both directions.",
        ),
        WebhookPreset(
            name="github",
            label="GitHub (X-Hub-Signature-256: sha256=...)",
            scheme="github",
            upstream="GitHub",
            signature_header="x-hub-signature-256",
            timestamp_header=None,
            delivery_id_header="x-github-delivery",
            delivery_id_field=None,
            event_type_header="x-github-event",
            event_type_field=None,
            tolerance_seconds=None,
            secret_location="subscription",
            api_base_url="https://api.github.com",
            api_auth="bearer-token",
            events=(
                # `a__b` dispatches the nested field b of object a.
                EventSuggestion("issues", ("action", "issue__number", "issue__title")),
                EventSuggestion("pull_request", ("action", "number", "pull_request__title")),
            ),
            notes="Set the GitHub webhook's content type to application/json.",
        ),
        WebhookPreset(
            name="slack",
            label="Slack (X-Slack-Signature: v0=..., X-Slack-Request-Timestamp)",
            scheme="slack",
            upstream="Slack",
            signature_header="x-slack-signature",
            timestamp_header="x-slack-request-timestamp",
            delivery_id_header=None,
            delivery_id_field="event_id",
            event_type_header=None,
            event_type_field="type",
            tolerance_seconds=300,
            secret_location="connection",
            api_base_url="https://slack.com/api",
            api_auth="bearer-token",
            events=(EventSuggestion("event_callback", ("event_id", "team_id", "api_app_id")),),
        ),
        WebhookPreset(
            name="shopify",
            label="Shopify (X-Shopify-Hmac-Sha256, base64)",
            scheme="shopify",
            upstream="Shopify",
            signature_header="x-shopify-hmac-sha256",
            timestamp_header=None,
            delivery_id_header="x-shopify-event-id",
            delivery_id_field=None,
            event_type_header="x-shopify-topic",
            event_type_field=None,
            tolerance_seconds=None,
            secret_location="connection",
            api_base_url="https://{shop}.myshopify.com/admin/api/2025-01",
            api_auth="api-key-header",
            api_key_header="X-Shopify-Access-Token",
            events=(
                EventSuggestion("orders/create", ("id", "email", "total_price")),
                EventSuggestion("customers/create", ("id", "email")),
            ),
        ),
        WebhookPreset(
            name="zendesk",
            label="Zendesk (X-Zendesk-Webhook-Signature + ISO-8601 timestamp)",
            scheme="zendesk",
            upstream="Zendesk",
            signature_header="x-zendesk-webhook-signature",
            timestamp_header="x-zendesk-webhook-signature-timestamp",
            delivery_id_header=None,
            delivery_id_field="id",
            event_type_header=None,
            event_type_field="type",
            tolerance_seconds=300,
            secret_location="subscription",
            api_base_url="https://{subdomain}.zendesk.com/api/v2",
            api_auth="basic",
            events=(EventSuggestion("zen:event-type:ticket.created", ("id", "subject", "status")),),
            payload_path=("detail",),
            notes="Zendesk's docs disagree on TIMESTAMP+BODY vs BODY+TIMESTAMP; confirm with a "
            "real delivery.",
        ),
        WebhookPreset(
            name="hubspot-v3",
            label="HubSpot v3 (X-HubSpot-Signature-v3, ms timestamp)",
            scheme="hubspot_v3",
            upstream="HubSpot",
            signature_header="x-hubspot-signature-v3",
            timestamp_header="x-hubspot-request-timestamp",
            delivery_id_header=None,
            delivery_id_field="eventId",
            event_type_header=None,
            event_type_field="subscriptionType",
            tolerance_seconds=300,
            secret_location="connection",
            api_base_url="https://api.hubapi.com",
            api_auth="bearer-token",
            events=(EventSuggestion("contact.creation", ("eventId", "objectId", "portalId")),),
            batched=True,
            signs_url=True,
            notes="HubSpot v3 signs method + public URL + body + timestamp (ms); the "
            "subscription stores the public URL registered in HubSpot.",
        ),
        WebhookPreset(
            name="intercom",
            label="Intercom (X-Hub-Signature: sha1=...)",
            scheme="intercom",
            upstream="Intercom",
            signature_header="x-hub-signature",
            timestamp_header=None,
            delivery_id_header=None,
            delivery_id_field="id",
            event_type_header=None,
            event_type_field="topic",
            tolerance_seconds=None,
            secret_location="connection",
            api_base_url="https://api.intercom.io",
            api_auth="bearer-token",
            events=(EventSuggestion("conversation.user.created", ("id", "state")),),
            payload_path=("data", "item"),
            notes="Intercom signs with HMAC-SHA1 (protocol-mandated).",
        ),
        WebhookPreset(
            name="jira",
            label="Jira Cloud admin webhooks (X-Hub-Signature: sha256=...)",
            scheme="jira",
            upstream="Jira",
            signature_header="x-hub-signature",
            timestamp_header=None,
            delivery_id_header="x-atlassian-webhook-identifier",
            delivery_id_field=None,
            event_type_header=None,
            event_type_field="webhookEvent",
            tolerance_seconds=None,
            secret_location="subscription",
            api_base_url="https://{site}.atlassian.net/rest/api/3",
            api_auth="basic",
            events=(EventSuggestion("jira:issue_created", ("webhookEvent", "issue__key")),),
            notes="Only admin webhooks registered with a secret are HMAC-signed.",
        ),
        WebhookPreset(
            name="twilio",
            label="Twilio (X-Twilio-Signature over the public URL)",
            scheme="twilio",
            upstream="Twilio",
            signature_header="x-twilio-signature",
            timestamp_header=None,
            delivery_id_header="i-twilio-idempotency-token",
            delivery_id_field=None,
            # One webhook URL per purpose: every verified delivery on a trigger's route is
            # that trigger's event.
            event_type_header=None,
            event_type_field=None,
            tolerance_seconds=None,
            secret_location="connection",
            api_base_url="https://api.twilio.com/2010-04-01",
            api_auth="basic",
            events=(EventSuggestion("message.received", ("MessageSid", "AccountSid", "From")),),
            signs_url=True,
            form_bodies=True,
            notes="Twilio signs the public URL it called plus the sorted form parameters "
            "(HMAC-SHA1 with the Auth Token); the subscription stores that URL.",
        ),
        WebhookPreset(
            name="generic-hmac",
            label="Generic HMAC-SHA256 (header, hex or base64, optional prefix and timestamp)",
            scheme="generic_hmac",
            upstream="Acme",
            signature_header="x-signature",
            timestamp_header=None,
            delivery_id_header="x-delivery-id",
            delivery_id_field=None,
            event_type_header=None,
            event_type_field="type",
            tolerance_seconds=None,
            secret_location="subscription",
            api_base_url="https://api.acme.example",
            api_auth="api-key-header",
            api_key_header="X-Api-Key",
            events=_TICKET_EVENTS,
        ),
        WebhookPreset(
            name="bearer-token",
            label="Static bearer token (for upstreams that cannot sign)",
            scheme="bearer_token",
            upstream="Acme",
            signature_header="authorization",
            timestamp_header=None,
            delivery_id_header="x-delivery-id",
            delivery_id_field=None,
            event_type_header=None,
            event_type_field="type",
            tolerance_seconds=None,
            secret_location="subscription",
            api_base_url="https://api.acme.example",
            api_auth="bearer-token",
            events=_TICKET_EVENTS,
        ),
        WebhookPreset(
            name="none",
            label="No webhooks (actions only)",
            scheme="none",
            upstream="Acme",
            signature_header=None,
            timestamp_header=None,
            delivery_id_header=None,
            delivery_id_field=None,
            event_type_header=None,
            event_type_field=None,
            tolerance_seconds=None,
            secret_location="connection",
            api_base_url="https://api.acme.example",
            api_auth="bearer-token",
        ),
    )
}

DEFAULT_WEBHOOK_PRESET = "standard-webhooks"

# Generic presets suggest a stand-in API on the reserved `.example` domain (RFC 2606): any
# upstream may sit behind them, so they know no API host.
_STAND_IN_DOMAIN = ".example"


def _host(url: str) -> str:
    # A tenant placeholder stands for one DNS label.
    return (urlsplit(re.sub(r"\{[^}]*\}", "tenant", url)).hostname or "").lower()


def known_api_domain(preset: WebhookPreset) -> str | None:
    """The domain the preset's upstream serves its API from (api.github.com -> github.com)."""
    host = _host(preset.api_base_url)
    if not host or host.endswith(_STAND_IN_DOMAIN):
        return None
    return ".".join(host.split(".")[-2:])


def preset_host_warning(preset_name: str, api_base_url: str) -> str | None:
    """Why the base URL deserves a second look for this preset, or None when it fits.

    The base URL's host becomes the outbound allowlist, so a URL outside the upstream's own
    domain (a typo, a pasted link) would let the integration call a host the upstream does not
    own. A warning, not a refusal: self-hosted and proxied APIs are real.
    """
    preset = WEBHOOK_PRESETS.get(preset_name)
    domain = known_api_domain(preset) if preset else None
    host = _host(api_base_url)
    if preset is None or domain is None or host == domain or host.endswith("." + domain):
        return None
    return (
        f"the API host {host} is outside {preset.upstream}'s domain {domain} "
        f"(webhook_preset {preset.name}); the integration will be allowed to call {host}"
    )


def presets_as_jinja() -> str:
    """`template/presets.jinja`: the presets as a Jinja mapping, so plain copier has them too.

    The file is generated from this module (`python -m scaffold.presets > template/presets.jinja`)
    and tests/test_presets.py fails when it is stale.
    """
    import json
    from dataclasses import asdict

    mapping = {
        name: {
            **{key: value for key, value in asdict(preset).items() if key != "events"},
            "replay_ttl_seconds": preset.replay_ttl_seconds,
            "has_timestamp": preset.has_timestamp,
        }
        for name, preset in WEBHOOK_PRESETS.items()
    }
    body = json.dumps(mapping, indent=2, sort_keys=True)
    body = (
        body.replace(": true", ": True").replace(": false", ": False").replace(": null", ": None")
    )
    return (
        "{#- Generated by `python -m scaffold.presets` from scaffold/presets.py: do not edit. -#}\n"
        f"{{%- set presets = {body} -%}}\n"
    )


if __name__ == "__main__":
    print(presets_as_jinja(), end="")
