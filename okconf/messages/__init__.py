"""Messages to registrants, and the reminder before the day."""
