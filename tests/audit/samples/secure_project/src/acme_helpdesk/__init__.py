"""Acme Helpdesk workflow server."""
