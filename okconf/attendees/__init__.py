"""The organiser side of registrations: list, check-in, exports and statistics."""
