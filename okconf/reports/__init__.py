"""Participation statistics, conference summaries, the joint report and the annual report."""
