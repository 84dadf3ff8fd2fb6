"""Conferences, their programmes, public pages, calendar files and invitations."""
