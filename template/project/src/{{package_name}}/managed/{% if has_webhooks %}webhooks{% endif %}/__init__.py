# Managed by scaffold and kept current by `scaffold update`: configure it, do not edit it.
"""Inbound webhooks: verification schemes, replay protection and the request pipeline."""
