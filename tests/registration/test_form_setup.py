"""The registration form's setup is read once per version of a conference, and an organiser's
edit of anything it is built from is seen by the very next request (okconf/registration/
formsetup.py): each kind of row is edited and committed, then the form or the rules are
asked again, in a new session as the next request would be."""

from __future__ import annotations

from datetime import time

from okconf.conferences.models import Conference, ItemKind, ProgrammeItem, Series, Workshop
from okconf.extensions import db
from okconf.participantlist.models import ParticipantListSettings, Visibility
from okconf.questions.models import Question, QuestionKind, QuestionOption
from okconf.registration import formsetup
from okconf.reimbursements.models import ReimbursementRules
from okconf.reimbursements.rules import LostEarningsMode


def fresh(conference_id: int) -> Conference:
    """The conference as the next request loads it."""
    db.session.remove()
    return db.session.get(Conference, conference_id)


def setup_of(conference_id: int) -> formsetup.Setup:
    return formsetup.setup(fresh(conference_id))


def has_questions(conference_id: int) -> bool:
    """What the questions' part of the form knows, kept per version (questions/hooks.py)."""
    from okconf.questions.hooks import has_questions

    conference = fresh(conference_id)
    return formsetup.per_version(conference, "has_questions", lambda: has_questions(conference))


def has_list(conference_id: int) -> bool:
    """What the participant list's part of the form knows, kept per version."""
    from okconf.participantlist.services import has_list

    conference = fresh(conference_id)
    return formsetup.per_version(conference, "participant_list", lambda: has_list(conference))


def test_the_setup_is_read_once_per_version(app, make_conference):
    conference = make_conference()
    first = setup_of(conference.id)
    seen = []

    def listen(_conn, _cursor, statement, *_args):
        seen.append(statement)

    db.event.listen(db.engine, "before_cursor_execute", listen)
    try:
        assert setup_of(conference.id) is first
    finally:
        db.event.remove(db.engine, "before_cursor_execute", listen)
    assert not [s for s in seen if "programme_items" in s or "questions" in s]


def test_workshop_edits_are_seen_at_once(app, make_conference):
    conference = make_conference()
    assert setup_of(conference.id).round_rows == ()
    db.session.add(
        ProgrammeItem(
            conference_id=conference.id, kind=ItemKind.WORKSHOPS, starts_at=time(10), title="Pass"
        )
    )
    db.session.commit()
    item_id = db.session.scalars(db.select(ProgrammeItem.id)).one()
    db.session.add(Workshop(conference_id=conference.id, round_id=item_id, title="Fika"))
    db.session.commit()
    rounds = setup_of(conference.id).rounds()
    assert [(k, t, [w.title for w in ws]) for k, t, ws in rounds] == [
        (str(item_id), "Pass", ["Fika"])
    ]
    workshop = db.session.scalars(db.select(Workshop)).one()
    workshop.title = "Fika och samtal"
    db.session.commit()
    assert setup_of(conference.id).rounds()[0][2][0].title == "Fika och samtal"
    workshop = db.session.scalars(db.select(Workshop)).one()
    workshop.cancelled = True
    db.session.commit()
    assert setup_of(conference.id).round_rows == ()
    # added through the conference's collection (no conference_id before the flush)
    current = fresh(conference.id)
    current.workshops.append(Workshop(title="Lunchsamtal"))
    db.session.commit()
    assert [w.title for w in setup_of(conference.id).rounds()[0][2]] == ["Lunchsamtal"]


def test_question_edits_are_seen_at_once(app, make_conference):
    conference = make_conference()
    assert has_questions(conference.id) is False
    question = Question(
        conference_id=conference.id, kind=QuestionKind.ONE_CHOICE, label_sv="Vilken?"
    )
    db.session.add(question)
    db.session.commit()
    question_id = question.id
    assert has_questions(conference.id) is True
    version = fresh(conference.id).updated_at
    db.session.add(QuestionOption(question_id=question_id, label_sv="Den här"))
    db.session.commit()
    assert fresh(conference.id).updated_at != version
    version = fresh(conference.id).updated_at
    question = db.session.get(Question, question_id)
    question.options.clear()  # an orphan, deleted through the question's collection
    db.session.commit()
    assert fresh(conference.id).updated_at != version
    db.session.get(Question, question_id).hidden = True
    db.session.commit()
    assert has_questions(conference.id) is False


def test_participant_list_and_reimbursement_edits_are_seen_at_once(app, make_conference):
    series = Series(name="Hösten")
    db.session.add(series)
    db.session.commit()
    series_id = series.id
    conference = make_conference(series_id=series_id, offers_lost_earnings=True)
    assert has_list(conference.id) is False
    db.session.add(
        ParticipantListSettings(conference_id=conference.id, visibility=Visibility.PARTICIPANTS)
    )
    db.session.commit()
    assert has_list(conference.id) is True
    assert setup_of(conference.id).offered[1] is False
    # the series' rules (the conference has none of its own)
    db.session.add(
        ReimbursementRules(
            series_id=series_id,
            lost_earnings_mode=LostEarningsMode.FIXED,
            lost_earnings_fixed_ore=50000,
        )
    )
    db.session.commit()
    assert setup_of(conference.id).offered[1] is True
    rules = db.session.scalars(db.select(ReimbursementRules)).one()
    rules.lost_earnings_mode = LostEarningsMode.NONE
    db.session.commit()
    assert setup_of(conference.id).offered[1] is False
    db.session.delete(db.session.get(Series, series_id))
    db.session.commit()
    assert fresh(conference.id).series_id is None
    assert setup_of(conference.id).offered[1] is False


def test_the_public_form_shows_an_edit_at_once(app, client, make_conference):
    """Through the form itself: a workshop added between two requests is offered at once, and
    a wish for it is accepted."""
    conference = make_conference()
    conference_id, path = conference.id, f"/konferens/{conference.slug}/anmalan"
    page = client.get(path).get_data(as_text=True)
    assert "wish_" not in page
    db.session.add(Workshop(conference_id=conference_id, title="Samverkan i praktiken"))
    db.session.commit()
    db.session.remove()
    page = client.get(path).get_data(as_text=True)
    assert "Samverkan i praktiken" in page and "wish_0_1" in page


def test_a_new_webhook_is_seen_at_once(app, make_conference, make_user, participant):
    """A conference without hooks sends no statement for them; a hook for every conference,
    added afterwards, gets the next registration's event."""
    from okconf.registration import services
    from okconf.webhooks.models import Webhook, WebhookDelivery

    conference = make_conference()
    conference_id = conference.id
    services.register(fresh(conference_id), participant())
    db.session.commit()
    assert db.session.scalar(db.select(db.func.count(WebhookDelivery.id))) == 0
    admin = make_user("admin")
    db.session.add(
        Webhook(
            owner_id=admin.id,
            url="https://example.org/hook",
            events=["registration.created"],
            secret="hemlig",
            active=True,
        )
    )
    db.session.commit()
    services.register(fresh(conference_id), participant())
    db.session.commit()
    assert db.session.scalar(db.select(db.func.count(WebhookDelivery.id))) == 1


def test_a_new_invitation_is_seen_at_once(app, make_conference, participant):
    """A conference without invitations sends no invitation lookup with a registration; an
    invitation sent afterwards (and committed) is marked registered by the next one, in a new
    session as the next request would be, and so is one added straight through the ORM."""
    from okconf.invitations import services as invitations
    from okconf.invitations.models import Invitation
    from okconf.invitations.recipients import parse_addresses
    from okconf.registration import services

    conference = make_conference(capacity=10)
    conference_id = conference.id
    services.register(fresh(conference_id), participant(email="forst@example.org"))
    db.session.commit()
    seen = []

    def listen(_conn, _cursor, statement, *_args):
        seen.append(statement)

    db.event.listen(db.engine, "before_cursor_execute", listen)
    try:
        services.register(fresh(conference_id), participant(email="andra@example.org"))
        db.session.commit()
    finally:
        db.event.remove(db.engine, "before_cursor_execute", listen)
    assert seen and not [s for s in seen if "invitations" in s]

    recipients, _ = parse_addresses("kim@example.org")
    invitations.send_invitations(fresh(conference_id), recipients)
    db.session.commit()
    services.register(fresh(conference_id), participant(email="KIM@example.org"))
    db.session.commit()
    kim = db.session.scalar(db.select(Invitation).where(Invitation.email == "kim@example.org"))
    assert kim.registered_at is not None

    other = make_conference(capacity=10)
    other_id = other.id
    services.register(fresh(other_id), participant(email="forst@example.org"))
    db.session.commit()
    db.session.add(Invitation(conference_id=other_id, email="ali@example.org"))
    db.session.commit()
    services.register(fresh(other_id), participant(email="ali@example.org"))
    db.session.commit()
    ali = db.session.scalar(
        db.select(Invitation).where(
            Invitation.email == "ali@example.org", Invitation.conference_id == other_id
        )
    )
    assert ali.registered_at is not None


def test_the_form_as_first_shown_follows_the_conference_and_the_address(
    app, client, make_conference
):
    """The public form's fields as first shown are kept per version of the conference and
    language (registration/public_views.py): an edit of the conference's own columns and of
    its retention periods shows at once; values given in the address are not served from it."""
    from okconf.privacy.retention import set_periods

    conference = make_conference()
    conference_id, path = conference.id, f"/konferens/{conference.slug}/anmalan"
    page = client.get(path).get_data(as_text=True)
    assert 'name="wants_exhibition_table"' not in page
    assert " 123 " not in page
    set_periods(fresh(conference_id), 123, None)  # a row of its own, not the conference's
    db.session.commit()
    db.session.remove()
    assert " 123 " in client.get(path).get_data(as_text=True)  # the consent text's days
    fresh(conference_id).exhibition_tables_offered = True
    db.session.commit()
    db.session.remove()
    assert 'name="wants_exhibition_table"' in client.get(path).get_data(as_text=True)
    prefilled = client.get(f"{path}?email=anna%40example.org").get_data(as_text=True)
    assert 'value="anna@example.org"' in prefilled
    assert 'value="anna@example.org"' not in client.get(path).get_data(as_text=True)
