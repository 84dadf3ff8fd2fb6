"""Certificates of attendance (deltagarintyg) for the people checked in at a conference."""
