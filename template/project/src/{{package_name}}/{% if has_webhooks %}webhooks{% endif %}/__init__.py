"""Inbound webhooks: verification schemes, replay protection and the request pipeline."""
