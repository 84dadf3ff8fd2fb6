"""Door volunteers: expiring check-in links that open one conference's check-in desk only."""
