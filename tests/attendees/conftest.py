"""Fixtures of the attendees tests: an organiser signed in on their own conference."""

from __future__ import annotations

import pytest


@pytest.fixture
def organiser(make_user):
    """An organiser."""
    return make_user("organiser")


@pytest.fixture
def conference(make_conference, organiser):
    """A conference the organiser organises."""
    return make_conference(organisers=[organiser])


@pytest.fixture
def signed_in(login, organiser):
    """The organiser, signed in."""
    login(organiser)
    return organiser
