"""The front page, the staff dashboard, the language switch and the health check."""
