"""The reviewers' lists run a number of queries that does not grow with the claims."""

from __future__ import annotations

from okconf.extensions import db
from okconf.reimbursements import review
from tests.test_query_counts import queries

URLS = ("/staff/ersattning", "/staff/ersattning/utbetalning")


def test_queue_and_payments_do_not_grow_with_claims(client, make_user, login, make_claim, budget):
    reviewer, approver = make_user("reviewer"), make_user("reviewer")

    def add(n):
        for _ in range(n):
            make_claim()
            approved = make_claim()
            review.approve_claim(
                approved, approver, travel_ore=approved.claimed_travel_ore, lost_ore=0
            )
            db.session.commit()

    login(reviewer)
    add(1)
    small = {url: queries(client, url) for url in URLS}
    add(3)
    assert {url: queries(client, url) for url in URLS} == small


def test_budget_page_does_not_grow_with_conferences(
    client, make_user, login, make_conference, make_claim, budget, conference
):
    """The budget covering a conference was looked up one conference at a time, for every
    conference in the database (also on every decision, through reserve())."""
    login(make_user("reviewer"))
    make_claim()

    def add(n):
        for _ in range(n):
            make_conference(date=conference.date)

    add(1)
    small = queries(client, "/staff/ersattning/budget")
    add(4)
    assert queries(client, "/staff/ersattning/budget") == small
