"""Webhooks: registration and claim events, signed and delivered to the hosts' own systems."""
