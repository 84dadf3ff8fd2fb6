"""Hostile input: random and malicious text at every public form gives a clear answer, never a
500, and whatever is shown back is escaped.

The forms are found by reading each page's HTML, so a field added later is fuzzed too.
"""

from __future__ import annotations

from datetime import time, timedelta
from html.parser import HTMLParser

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from okconf.clock import today as stockholm_today

MALICIOUS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'; DROP TABLE registrations; --",
    "1 OR 1=1",
    "\x00\x01\x02",
    "A" * 100_000,
    "../../etc/passwd",
    "{{ 7*7 }}",
    "%(name)s %s %d",
    "😀" * 500,
    "-1",
    "99999999999999999999999",
    "2147483648",  # one past PostgreSQL's INTEGER, where ids live
    "2026-02-30",
    "",
]

hostile_text = st.one_of(st.sampled_from(MALICIOUS), st.text(max_size=300))


class FormFields(HTMLParser):
    """Collect the named fields of the page's forms (method post)."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._current = None
        self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "get").lower() == "post":
            self._current = {"action": attrs.get("action"), "fields": {}, "options": {}}
            self.forms.append(self._current)
        elif self._current is not None and tag in ("input", "select", "textarea"):
            name = attrs.get("name")
            if name and name != "csrf_token" and attrs.get("type") not in ("submit", "button"):
                self._current["fields"].setdefault(name, attrs.get("type") or tag)
                options = self._current["options"].setdefault(name, [])
                if attrs.get("type") in ("radio", "checkbox") and attrs.get("value"):
                    options.append(attrs["value"])
                self._select = name if tag == "select" else None
        elif self._current is not None and tag == "option" and self._select:
            self._current["options"][self._select].append(attrs.get("value") or "")

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        if tag == "form":
            self._current = None


def post_forms(client, url):
    """The (action, {field name: its offered values}) of every POST form on a page."""
    page = client.get(url)
    assert page.status_code == 200, url
    parser = FormFields()
    parser.feed(page.get_data(as_text=True))
    return [
        (form["action"] or url, {name: form["options"].get(name, []) for name in form["fields"]})
        for form in parser.forms
    ]


class Fixtures:
    """What a page builder may use: the factories of tests/conftest.py."""

    def __init__(self, request):
        self.make_conference = request.getfixturevalue("make_conference")
        self.make_registration = request.getfixturevalue("make_registration")


def _registration_token(registration) -> str:
    from okconf.accounts.links import make_token

    return make_token("registration", registration.id, registration.link_version)


def _volunteer(f, **conference_fields):
    """A confirmed, checked-in volunteer of a conference that pays travel and lost earnings."""
    from datetime import UTC, datetime

    conference = f.make_conference(
        offers_travel_reimbursement=True,
        offers_lost_earnings=True,
        min_round_trip_km=100,
        **conference_fields,
    )
    return f.make_registration(
        conference, is_volunteer=True, checked_in_at=datetime.now(UTC), locale="en"
    )


def note_page(f) -> str:
    """The group-note posting page of a conference with a workshop."""
    from okconf.conferences.models import Workshop
    from okconf.extensions import db
    from okconf.groupwork.services import note_link

    conference = f.make_conference()
    db.session.add(Workshop(conference_id=conference.id, title="Språk", position=1))
    token = note_link(conference).token
    db.session.commit()
    return f"/anteckna/{token}"


def feedback_page(f) -> str:
    """A participant's feedback form (they attended)."""
    from okconf.accounts.links import make_token

    registration = _volunteer(f, date=stockholm_today() - timedelta(days=1))
    return "/aterkoppling/" + make_token("feedback", registration.id, registration.link_version)


def reimbursement_request_page(f) -> str:
    """A volunteer's reimbursement request form, before the conference."""
    return f"/anmalan/{_registration_token(_volunteer(f))}/ersattning"


def claim_page(f) -> str:
    """A volunteer's claim after the conference: legs, costs, lost earnings, payee."""
    registration = _volunteer(f, date=stockholm_today() - timedelta(days=1))
    return f"/anmalan/{_registration_token(registration)}/ersattning/redovisning"


def workshop_preferences_page(f) -> str:
    """A participant's workshop wishes for a round of three workshops."""

    conference = f.make_conference()
    workshop_preferences_page_for(conference)
    registration = f.make_registration(conference)
    return f"/anmalan/{_registration_token(registration)}/workshops"


def registration_form(f) -> str:
    """The registration form of an open conference with workshops, exhibition tables and
    reimbursements on offer (every optional field shown)."""
    conference = f.make_conference(
        offers_travel_reimbursement=True, offers_lost_earnings=True, exhibition_tables_offered=True
    )
    workshop_preferences_page_for(conference)
    return f"/konferens/{conference.slug}/anmalan"


def embedded_registration_form(f) -> str:
    """The same form in a host's frame (its own signed CSRF token, no session)."""
    return registration_form(f).replace("/anmalan", "/anmalan/inbaddad") + "?lang=sv"


def workshop_preferences_page_for(conference) -> None:
    """Give a conference a workshop round of three workshops."""
    from okconf.conferences.models import ItemKind, ProgrammeItem, Workshop
    from okconf.extensions import db

    item = ProgrammeItem(
        conference_id=conference.id,
        kind=ItemKind.WORKSHOPS,
        starts_at=time(13, 0),
        ends_at=time(14, 30),
        title="Workshoppass",
    )
    db.session.add(item)
    db.session.flush()
    for n, title in enumerate(("Språk", "Hälsa", "Arbete"), start=1):
        db.session.add(
            Workshop(conference_id=conference.id, round_id=item.id, title=title, position=n)
        )
    db.session.commit()


def questions_for(conference) -> None:
    """Give a conference one question of every kind, one of them conditional and required."""
    from okconf.extensions import db
    from okconf.questions.models import Question, QuestionKind, QuestionOption

    made = {}
    for n, kind in enumerate(QuestionKind):
        question = Question(
            conference_id=conference.id, position=n, kind=kind, label_sv=f"Fråga {n}"
        )
        if kind.has_options:
            question.options = [QuestionOption(label_sv=t, position=i) for i, t in enumerate("ABC")]
        db.session.add(question)
        made[kind] = question
    db.session.flush()
    late = made[QuestionKind.DATE]
    late.condition_question_id = made[QuestionKind.YES_NO].id
    late.condition_value = "yes"
    late.required = True
    db.session.commit()


def registration_form_with_questions(f) -> str:
    """The registration form of a conference asking its own questions of every kind."""
    conference = f.make_conference()
    questions_for(conference)
    return f"/konferens/{conference.slug}/anmalan"


def personal_page_with_questions(f) -> str:
    """A participant's own page where the conference asks its own questions."""
    conference = f.make_conference()
    questions_for(conference)
    return f"/anmalan/{_registration_token(f.make_registration(conference))}"


def personal_page(f) -> str:
    """A participant's own registration page (change details)."""
    registration = f.make_registration(f.make_conference())
    return f"/anmalan/{_registration_token(registration)}"


def certificate_page(f) -> str:
    """A participant checked in at a conference held yesterday that gives certificates."""
    from okconf.certificates import services as certificates
    from okconf.db import utcnow
    from okconf.extensions import db

    conference = f.make_conference(date=stockholm_today() - timedelta(days=1))
    certificates.save_settings(
        conference, enabled=True, minutes=360, text="", signer_name="Anna", signer_title=""
    )
    registration = f.make_registration(conference, checked_in_at=utcnow())
    db.session.commit()
    return f"/anmalan/{_registration_token(registration)}"


def hand_over_page(f) -> str:
    """A participant hands their place to a colleague."""
    registration = f.make_registration(f.make_conference())
    return f"/anmalan/{_registration_token(registration)}/overlat"


def _with_participant_list(f):
    from okconf.extensions import db
    from okconf.participantlist import services as participant_list
    from okconf.participantlist.models import Visibility

    conference = f.make_conference()
    participant_list.save_visibility(conference, Visibility.PARTICIPANTS)
    db.session.commit()
    return conference


def participant_list_registration_form(f) -> str:
    """The registration form of a conference with a participant list (its consent box)."""
    return f"/konferens/{_with_participant_list(f).slug}/anmalan"


def participant_list_page(f) -> str:
    """A participant's own page with the participant list's consent form."""
    registration = f.make_registration(_with_participant_list(f))
    return f"/anmalan/{_registration_token(registration)}"


def _companion_conference(f):
    """One conference where a companion takes a place of their own, shared by the builders
    of one walk (fewer conferences for the staff walk's per-endpoint limits)."""
    conference = getattr(f, "companion_conference", None)
    if conference is None:
        conference = f.make_conference(companions_allowed=True, companions_take_places=True)
        f.companion_conference = conference
    return conference


def companion_registration_form(f) -> str:
    """The registration form of a conference where a companion takes a place of their own."""
    return f"/konferens/{_companion_conference(f).slug}/anmalan"


def companion_page(f) -> str:
    """A participant adds, changes or removes their companion (one is there: both forms)."""
    from okconf.companions import services as companions
    from okconf.extensions import db

    registration = f.make_registration(_companion_conference(f))
    companions.save(registration, companions.CompanionData(name="Maja"), by_staff=True)
    db.session.commit()
    return f"/anmalan/{_registration_token(registration)}/ledsagare"


def hybrid_registration_form(f) -> str:
    """The registration form of a conference that also offers online places (on site or
    online)."""
    conference = f.make_conference(online_capacity=5, stream_url="https://stream.example.org/live")
    return f"/konferens/{conference.slug}/anmalan"


def hybrid_personal_page(f) -> str:
    """A participant's own page with the switch between on site and online."""
    conference = f.make_conference(online_capacity=5, stream_url="https://stream.example.org/live")
    return f"/anmalan/{_registration_token(f.make_registration(conference))}"


# Public pages with forms, as builders that take a Fixtures and return the page's URL;
# features add theirs here.
PUBLIC_FORM_PAGES = [
    lambda f: "/login",
    note_page,
    feedback_page,
    reimbursement_request_page,
    claim_page,
    workshop_preferences_page,
    registration_form,
    embedded_registration_form,
    registration_form_with_questions,
    personal_page_with_questions,
    lambda f: "/anmalan/ny-lank",
    personal_page,
    hand_over_page,
    certificate_page,
    participant_list_registration_form,
    participant_list_page,
    companion_registration_form,
    companion_page,
    hybrid_registration_form,
    hybrid_personal_page,
]


def check_response(response, sent_values):
    assert response.status_code < 500, response.get_data(as_text=True)[:2000]
    if response.status_code == 200 and response.mimetype == "text/html":
        body = response.get_data(as_text=True)
        for value in sent_values:
            if isinstance(value, str) and "<script>alert(1)</script>" in value:
                assert "<script>alert(1)</script>" not in body


@pytest.mark.parametrize("builder", PUBLIC_FORM_PAGES, ids=lambda b: b.__name__)
def test_public_forms_survive_hostile_input(app, client, request, builder):
    url = builder(Fixtures(request))
    forms = post_forms(client, url)
    assert forms, f"no form found on {url}"

    @settings(
        max_examples=25,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(data=st.data())
    def fuzz(data):
        for action, fields in forms:
            # Offered choices too, so that hostile text in one field meets valid choices in
            # the others and reaches the services, not only the choice validation.
            values = {
                name: data.draw(
                    st.one_of(st.sampled_from(options), hostile_text) if options else hostile_text,
                    label=name,
                )
                for name, options in sorted(fields.items())
            }
            response = client.post(action, data=values)
            check_response(response, values.values())

    fuzz()


@pytest.mark.parametrize("value", MALICIOUS)
def test_wrongly_encoded_and_huge_bodies(client, value):
    raw = value.encode("utf-8") + b"\xff\xfe\xc3\x28\xed\xa0\x80"
    response = client.post(
        "/login",
        data=b"email=" + raw + b"&password=" + raw,
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code < 500


# JSON where a form belongs: nested deeper than Python's parser goes, a list or a number where
# Flask-WTF expects an object, broken, or well-formed: outside the API each is a readable 400.
HOSTILE_JSON = [
    "[" * 100_000 + "]" * 100_000,
    '{"a": ' * 50_000 + "1" + "}" * 50_000,
    "[1, 2, 3]",
    "42",
    '"text"',
    "null",
    '{"email": ["a", "b"], "first_name": {"x": 1}}',
    '{"email": "a@example.org"',
    "9" * 10_000,
]


@pytest.mark.parametrize("builder", PUBLIC_FORM_PAGES, ids=lambda b: b.__name__)
def test_json_bodies_at_public_forms_are_a_readable_400(client, request, builder):
    url = builder(Fixtures(request))
    for action, _fields in post_forms(client, url):
        for body in HOSTILE_JSON:
            response = client.post(action, data=body, content_type="application/json")
            assert response.status_code == 400, (action, body[:40], response.text[:500])
            assert "JSON" in response.text and "/api/v1" in response.text


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
def test_json_bodies_at_staff_forms_are_a_readable_400(
    client, make_user, login, make_conference, method
):
    login(make_user("admin"))
    conference = make_conference()
    url = f"/staff/konferenser/{conference.id}/redigera"
    for body in HOSTILE_JSON:
        response = client.open(url, method=method, data=body, content_type="application/json")
        assert response.status_code == 400, (body[:40], response.text[:500])
        assert "JSON" in response.text


def test_the_api_still_reads_json_and_refuses_deep_nesting(client):
    """The guard stops at /api/: the API answers in JSON itself (401 without a token here),
    and never a 500."""
    response = client.post(
        "/api/v1/conferences/1/registrations",
        data="[" * 100_000,
        content_type="application/json",
    )
    assert response.status_code == 401
    assert response.is_json
