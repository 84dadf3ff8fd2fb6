"""Invitations by email: recipients from the registry or pasted, personal links, reminders."""
