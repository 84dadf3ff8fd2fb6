"""Conference summaries: pre-filled editor, explicit states, who may do what."""

from datetime import time

import pytest
from sqlalchemy import select

from okconf.audit.models import AuditEntry
from okconf.conferences.models import ItemKind, ProgrammeItem, Speaker
from okconf.errors import DomainError
from okconf.extensions import db
from okconf.groupwork import services as groupwork
from okconf.groupwork.models import NoteKind
from okconf.reports import services
from okconf.reports.models import Summary, SummaryState
from okconf.vocabulary import Principle, Theme


@pytest.fixture
def conference(make_conference, make_user):
    organiser = make_user("organiser")
    conference = make_conference(organisers=[organiser], guiding_question="Hur kan den användas?")
    item = ProgrammeItem(
        conference_id=conference.id, kind=ItemKind.SESSION, starts_at=time(10), title="Inledning"
    )
    item.speakers.append(Speaker(name="Vera Talare", role="ordförande", organisation_name="SIOS"))
    db.session.add(item)
    a = groupwork.post_note(
        conference,
        kind=NoteKind.OBSTACLE,
        theme=Theme.WORK,
        text="Svårt med praktik",
        principle=Principle.LONG_TERM,
    )
    b = groupwork.post_note(
        conference, kind=NoteKind.OBSTACLE, theme=Theme.WORK, text="Svårt med praktikplatser"
    )
    groupwork.merge_notes(a, [b])
    hidden = groupwork.post_note(
        conference, kind=NoteKind.OPPORTUNITY, theme=Theme.LANGUAGE, text="Olämpligt"
    )
    groupwork.set_hidden(hidden, True)
    groupwork.post_note(
        conference, kind=NoteKind.OPPORTUNITY, theme=Theme.LANGUAGE, text="Språkcafé"
    )
    db.session.commit()
    conference.organiser_user = organiser
    return conference


def test_editor_is_prefilled_from_programme_notes_and_question(client, login, conference):
    login(conference.organiser_user)
    response = client.get(f"/staff/konferenser/{conference.id}/sammanfattning")
    assert response.status_code == 200
    summary = db.session.scalars(select(Summary)).one()
    assert summary.state is SummaryState.DRAFT
    assert summary.focus == "Hur kan den användas?"
    assert "Vera Talare, ordförande, SIOS" in summary.dialogue
    assert "Svårt med praktik" in summary.obstacles and "(×2)" in summary.obstacles
    assert "Svårt med praktikplatser" not in summary.obstacles  # merged
    assert "Språkcafé" in summary.opportunities and "Olämpligt" not in summary.opportunities
    assert summary.principles == [Principle.LONG_TERM]


def test_organiser_saves_and_submits_reader_approves(client, login, conference, make_user):
    login(conference.organiser_user)
    url = f"/staff/konferenser/{conference.id}/sammanfattning"
    client.get(url)
    data = {"focus": "Arbetslivet", "principles": ["dialogue", "quality"], "action": "submit"}
    assert client.post(url, data=data).status_code == 302
    summary = db.session.scalars(select(Summary)).one()
    assert summary.state is SummaryState.SUBMITTED and summary.focus == "Arbetslivet"
    assert summary.principles == [Principle.DIALOGUE, Principle.QUALITY]
    # Submitted: the organiser can no longer edit or approve.
    client.post(url, data={"focus": "Ändrat"})
    assert db.session.get(Summary, summary.id).focus == "Arbetslivet"
    client.post(f"/staff/sammanfattning/{summary.id}/approve")
    assert db.session.get(Summary, summary.id).state is SummaryState.SUBMITTED
    client.post("/logout")
    login(make_user("reader"))
    assert client.get(url).status_code == 403  # readers cannot edit
    assert client.post(f"/staff/sammanfattning/{summary.id}/approve").status_code == 302
    approved = db.session.get(Summary, summary.id)
    assert approved.state is SummaryState.APPROVED and approved.approved_at is not None
    actions = db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert "summary.submit" in actions and "summary.approve" in actions


def test_transitions_are_explicit(app, conference, make_user):
    summary = services.start_summary(conference)
    reader = make_user("reader")
    organiser = conference.organiser_user
    with pytest.raises(DomainError):
        services.transition(summary, "approve", reader)  # not yet submitted
    with pytest.raises(DomainError):
        services.transition(summary, "publish", organiser)  # no such transition
    services.transition(summary, "submit", organiser)
    with pytest.raises(DomainError):
        services.transition(summary, "approve", organiser)
    services.transition(summary, "return", reader)
    assert summary.state is SummaryState.DRAFT
    services.transition(summary, "submit", organiser)
    services.transition(summary, "approve", reader)
    with pytest.raises(DomainError):
        services.transition(summary, "reopen", reader)  # admins only
    services.transition(summary, "reopen", make_user("admin"))
    assert summary.state is SummaryState.DRAFT and summary.approved_at is None


def test_readers_do_not_see_drafts_and_other_organisers_nothing(
    client, login, conference, make_user
):
    summary = services.start_summary(conference)
    db.session.commit()
    login(make_user("reader"))
    assert client.get(f"/staff/sammanfattning/{summary.id}").status_code == 404
    client.post("/logout")
    login(make_user("organiser"))
    assert client.get(f"/staff/sammanfattning/{summary.id}").status_code == 403
    assert client.get(f"/staff/konferenser/{conference.id}/sammanfattning").status_code == 403
    assert client.get(f"/staff/konferenser/{conference.id}/siffror").status_code == 403
    page = client.get("/staff/uppfoljning").get_data(as_text=True)
    assert conference.title not in page


def test_the_state_buttons_post_and_say_what_happened(client, login, conference, make_user):
    """The summary's state change goes the way of the edition's (okconf.actions.act_and_go and
    the state_buttons macro): a button per allowed change, a message either way."""
    summary = services.start_summary(conference)
    db.session.commit()
    login(make_user("reader"))
    refused = client.post(f"/staff/sammanfattning/{summary.id}/approve", follow_redirects=True)
    assert refused.status_code == 404  # a reader does not see a draft
    client.post("/logout")
    login(conference.organiser_user)
    page = client.get(f"/staff/sammanfattning/{summary.id}").get_data(as_text=True)
    assert f'action="/staff/sammanfattning/{summary.id}/submit"' in page
    assert "Submit to the steering group</button>" in page
    done = client.post(f"/staff/sammanfattning/{summary.id}/submit", follow_redirects=True)
    assert "The summary was submitted to the steering group." in done.get_data(as_text=True)
    again = client.post(f"/staff/sammanfattning/{summary.id}/submit", follow_redirects=True)
    assert again.status_code == 200 and 'class="flash flash-error"' in again.get_data(as_text=True)
    assert db.session.get(Summary, summary.id).state is SummaryState.SUBMITTED
