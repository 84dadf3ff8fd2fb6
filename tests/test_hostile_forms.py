"""Hostile input at every form of every role: no answer is ever a 5xx.

The demo data gives every feature real objects. Each role (participants through their personal
links, organiser, reviewer, reader, admin) walks the pages it can reach, following links, and
every POST form found is sent hostile values: huge and negative numbers, empty and unknown
choices, NUL, 100 000 characters, wrong types (a file for a text, text for a file), duplicated
fields and bad files. The walk is checked against the URL map: every POST route must have been
found as a form, or be listed in NOT_REACHED with the reason, so a new form is fuzzed without
this file changing (tests/test_hostile_input.py fuzzes the public forms more deeply).
"""

from __future__ import annotations

import io
import itertools
from collections import deque
from datetime import timedelta
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import HTTPException

from okconf.accounts.models import Role
from okconf.clock import today as stockholm_today
from okconf.extensions import db
from tests.test_hostile_input import (
    PUBLIC_FORM_PAGES,
    Fixtures,
    _registration_token,
    _volunteer,
)

# POST routes no page of the demo leads to, and why (kept short on purpose: each is a gap).
NOT_REACHED = {
    "groupwork_staff.unmerge": "shown only after two notes were merged",
    "conferences.staff_item_restore": "shown once, in the session that deleted a programme item",
    "registration.staff_reinstate": "shown once, in the session that removed a registration",
    "registration.correct_email": "only in the session that just registered, for an hour",
    "invitations.remind": "shown only after invitations were sent, before the deadline",
    "organisations.import_confirm": "shown only after a file was uploaded and checked",
    # The API takes JSON, not forms: tests/api/test_hostile.py sends it hostile bodies.
    "api.create_registration": "JSON API (tests/api/test_hostile.py)",
    "api.change_status": "JSON API (tests/api/test_hostile.py)",
    "api.check_in": "JSON API (tests/api/test_hostile.py)",
}

# Pages that change what the walk can see, or that only download files.
SKIPPED_PREFIXES = ("/static/", "/logout", "/sprak/", "/language/")
MAX_PAGES_PER_ENDPOINT = 6
FRUITLESS_PAGES = 2
FORMS_PER_ENDPOINT = 1

NUMBERS = [
    "99999999999999999999",
    "-99999999999999999999",
    "2147483648",
    "9223372036854775808",
    "-1",
    "0",
    "1e309",
    "NaN",
    "1 000 000 000 000,99",
    "0x10",
    "Infinity",
    "١٢٣",  # digits Python's int() reads, but not the database's
]
TEXTS = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "A" * 100_000,
    "<script>alert(1)</script>",
    "'; DROP TABLE registrations; --",
    "zz-unknown-choice",
    "None",
    "😀" * 50,
    "2026-02-30",
    "25:99",
    "0001-01-01",  # a day before which no timedelta reaches
    "9999-12-31",  # and one after which none does
    "23:59:60",
]
HOSTILE = NUMBERS + TEXTS


class BadFile:
    """A file part: random bytes, an empty file, a lying name."""

    def __init__(self, name: str, content: bytes, mimetype: str):
        self.name, self.content, self.mimetype = name, content, mimetype

    def part(self):
        return (io.BytesIO(self.content), self.name, self.mimetype)


BAD_FILES = [
    BadFile("kvitto.pdf", b"not a pdf at all \x00\xff", "application/pdf"),
    BadFile("", b"", "application/octet-stream"),
    BadFile("../../etc/passwd.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 50, "image/png"),
    BadFile("x.xlsx", b"PK\x03\x04 broken zip", "application/vnd.ms-excel"),
    BadFile("a" * 300 + ".csv", b"namn\n=1+1\n", "text/csv"),
]


class Page(HTMLParser):
    """The links and the POST forms (action, enctype, fields with their offered values)."""

    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.forms: list[dict] = []
        self._form = None
        self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        elif tag == "form" and (attrs.get("method") or "get").lower() == "post":
            self._form = {
                "action": attrs.get("action") or "",
                "fields": {},
                "options": {},
                "values": {},
            }
            self.forms.append(self._form)
        elif tag == "button" and self._form is not None and attrs.get("formaction"):
            self.forms.append({**self._form, "action": attrs["formaction"]})
        elif self._form is not None and tag in ("input", "select", "textarea"):
            name = attrs.get("name")
            if not name or name == "csrf_token":
                return
            kind = attrs.get("type") or tag
            self._form["fields"].setdefault(name, kind)
            options = self._form["options"].setdefault(name, [])
            if kind in ("radio", "checkbox", "hidden", "submit") and attrs.get("value"):
                options.append(attrs["value"])
            elif tag == "input" and attrs.get("value"):
                self._form["values"].setdefault(name, attrs["value"])
            self._select = name if tag == "select" else None
        elif self._form is not None and tag == "option" and self._select:
            self._form["options"][self._select].append(attrs.get("value") or "")

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "form":
            self._form = None


def endpoint_of(app, method: str, url: str, arguments: dict | None = None) -> str | None:
    """The endpoint a local URL reaches with the method, or None; its URL arguments are added
    to `arguments` ({name: [values seen]})."""
    parts = urlsplit(url)
    if parts.netloc not in ("", "localhost"):
        return None
    try:
        endpoint, args = app.url_map.bind("localhost").match(parts.path, method=method)
    except HTTPException:
        return None
    for name, value in args.items():
        seen = (arguments if arguments is not None else {}).setdefault(name, [])
        if value not in seen:
            seen.append(value)
    return endpoint


def walk(app, client, start_urls, become, arguments) -> dict[str, list[tuple[str, dict]]]:
    """Follow links from the start pages; {POST endpoint: [(action URL, form)]} found."""
    queue = deque(start_urls)
    seen_urls, pages = set(), {}
    forms: dict[str, list[tuple[str, dict]]] = {}
    while queue:
        url = queue.popleft()
        endpoint = endpoint_of(app, "GET", url, arguments)
        if url in seen_urls or endpoint is None or url.startswith(SKIPPED_PREFIXES):
            continue
        seen_urls.add(url)
        # Pages of one endpoint are visited while they show new forms, not all of them.
        visits, fruitless = pages.setdefault(endpoint, [0, 0])
        if visits >= MAX_PAGES_PER_ENDPOINT or fruitless >= FRUITLESS_PAGES:
            continue
        pages[endpoint][0] += 1
        known = len(forms)
        become()
        response = client.get(url)
        assert response.status_code < 500, (url, response.get_data(as_text=True)[:2000])
        if response.status_code != 200 or response.mimetype != "text/html":
            continue
        parser = Page()
        parser.feed(response.get_data(as_text=True))
        for form in parser.forms:
            action = urljoin(url, form["action"] or url)
            post_endpoint = endpoint_of(app, "POST", action)
            found = forms.setdefault(post_endpoint, []) if post_endpoint else []
            if post_endpoint and len(found) < FORMS_PER_ENDPOINT and action not in dict(found):
                found.append((action, form))
        if len(forms) == known:
            pages[endpoint][1] += 1
        for link in parser.links:
            target = urljoin(url, link).split("#")[0]
            if urlsplit(target).netloc in ("", "localhost") and target not in seen_urls:
                queue.append(urlsplit(target)._replace(scheme="", netloc="").geturl())
    return forms


def field_value(data, kind: str, options: list[str], label: str):
    """A hostile (or, sometimes, valid) value for one field; lists are duplicated fields."""
    if kind == "file":
        choice = st.one_of(st.sampled_from(BAD_FILES), st.sampled_from(HOSTILE))
    else:
        valid = st.sampled_from(options) if options else st.nothing()
        choice = st.one_of(
            valid,
            st.sampled_from(HOSTILE),
            st.sampled_from(BAD_FILES),  # a file where text is expected
            st.lists(st.sampled_from(HOSTILE + options), min_size=2, max_size=3),
            st.text(max_size=40),
        )
    return data.draw(choice, label=label)


def as_multidict(values: dict) -> MultiDict:
    """The post body: lists become repeated fields, files become file parts."""
    body = MultiDict()
    for name, value in values.items():
        for one in value if isinstance(value, list) else [value]:
            body.add(name, one.part() if isinstance(one, BadFile) else one)
    return body


def fuzz_form(client, endpoint, action, form, become, examples: int, posts) -> None:
    """Post hostile values to one form; fail on any 5xx (no shrinking: the report names the
    form and the values, and shrinking a whole form costs minutes)."""

    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(data=st.data())
    def fuzz(data):
        values = {
            name: field_value(data, kind, form["options"].get(name, []), name)
            for name, kind in sorted(form["fields"].items())
        }
        become()
        response = client.post(action, data=as_multidict(values))
        next(posts)
        body = response.get_data(as_text=True)
        assert response.status_code < 500, (endpoint, action, body[-3000:])
        if response.mimetype == "text/html":
            assert "<script>alert(1)</script>" not in body, (endpoint, action)

    fuzz()


# A plausible value per input type, for the fields the sweep does not attack.
PLAUSIBLE = {
    "number": "2",
    "date": "2026-05-04",
    "time": "10:00",
    "email": "kim@example.org",
    "tel": "070-123 45 67",
    "url": "https://example.org/",
    "file": "",
}


def baseline(form) -> dict:
    """Every field with a plausible value: the page's own, an offered choice, or one by type."""
    values = {}
    for name, kind in form["fields"].items():
        options = [o for o in form["options"].get(name, []) if o]
        values[name] = form["values"].get(name) or (options[0] if options else None)
        if values[name] is None:
            values[name] = PLAUSIBLE.get(kind, "12")
    return values


def sweep_form(client, endpoint, action, form, become, posts) -> None:
    """One field at a time gets a value past its limits, the others stay plausible, so that
    the hostile value passes the other checks and reaches the services."""
    for name, kind in sorted(form["fields"].items()):
        attacks = [BAD_FILES[0]] if kind == "file" else ["99999999999999999999"]
        if kind == "number":
            attacks.append("-1")
        if kind in ("number", "checkbox", "radio", "hidden", "select"):
            attacks.append("2147483648")  # one past PostgreSQL's INTEGER, where ids live
        if form["options"].get(name):
            attacks += ["", " ", "zz-unknown-choice"]
        for attack in attacks:
            values = {**baseline(form), name: attack}
            become()
            response = client.post(action, data=as_multidict(values))
            next(posts)
            assert response.status_code < 500, (
                endpoint,
                action,
                name,
                attack,
                response.get_data(as_text=True)[-3000:],
            )


def fuzz_forms(client, forms, become, examples: int, posts, failures: list, swept: set) -> None:
    """Sweep (once per endpoint) and fuzz every form found; failures are collected so that one
    run names them all."""
    for endpoint, found in sorted(forms.items()):
        for action, form in found:
            try:
                if endpoint not in swept:
                    swept.add(endpoint)
                    sweep_form(client, endpoint, action, form, become, posts)
                fuzz_form(client, endpoint, action, form, become, examples, posts)
            except AssertionError as error:
                failures.append(str(error)[:3000])


def claims_in_their_states(f) -> list[str]:
    """Claims a reviewer decides on and a participant changes: requested, with legs and costs
    (past conference, lost earnings paid), and submitted; their participants' pages."""
    from datetime import timedelta

    from okconf.reimbursements.models import (
        Claim,
        ClaimState,
        Expense,
        ReimbursementRules,
        TravelLeg,
    )
    from okconf.reimbursements.rules import LostEarningsMode, TravelMode

    pages = []
    past = stockholm_today() - timedelta(days=2)
    for state, day in (
        (ClaimState.REQUESTED, stockholm_today() + timedelta(days=30)),
        (ClaimState.DRAFT, past),
        (ClaimState.SUBMITTED, past),
    ):
        registration = _volunteer(f, date=day)
        db.session.add(
            ReimbursementRules(
                conference_id=registration.conference_id,
                lost_earnings_mode=LostEarningsMode.FIXED,
                lost_earnings_fixed_ore=50000,
            )
        )
        claim = Claim(
            registration_id=registration.id,
            conference_id=registration.conference_id,
            state=state,
            est_mode=TravelMode.CAR,
            est_round_trip_km=300,
            estimate_ore=75000,
            claimed_ore=75000,
            claimed_travel_ore=75000,
        )
        claim.legs.append(
            TravelLeg(
                travel_date=day,
                from_place="Umeå",
                to_place="Sundsvall",
                mode=TravelMode.CAR,
                distance_km=150,
            )
        )
        claim.expenses.append(Expense(description="Parkering", amount_ore=4000))
        db.session.add(claim)
        db.session.commit()
        token = _registration_token(registration)
        pages += [f"/anmalan/{token}/ersattning", f"/anmalan/{token}/ersattning/redovisning"]
    return pages


def staff_states(f, demo) -> list[str]:
    """Pages whose forms only show in some states: a draft conference, a waiting list, a pending
    erasure, a mail waiting in the outbox, workshops assigned and tables laid, a series' rules."""
    from okconf.conferences import services as conferences
    from okconf.conferences.models import ConferenceState, Series
    from okconf.db import utcnow
    from okconf.mail.models import OutboxMail
    from okconf.organisations.models import ContactPerson
    from okconf.privacy.models import ErasureRequest
    from okconf.registration.models import RegistrationStatus
    from okconf.reports import editions
    from okconf.workshops.services import assignment, publication, tables

    # A cancelled draft: its dashboard offers both to publish and to undo the cancellation.
    draft = f.make_conference(state=ConferenceState.DRAFT, cancelled_at=utcnow())
    full = f.make_conference(capacity=1)
    f.make_registration(full, status=RegistrationStatus.WAITING)
    db.session.add(
        ErasureRequest(registration_id=f.make_registration(full).id, conference_id=full.id)
    )
    mail = OutboxMail(recipient="x@example.org", subject="Ämne", body_text="Text", attempts=3)
    mail.last_error = "550 refused"
    db.session.add(mail)
    series = db.session.scalars(db.select(Series)).first()
    contact = db.session.scalars(db.select(ContactPerson)).first()
    upcoming = demo.objects["conference:malmo-2012"]
    assignment.run_assignment(upcoming, 10)
    tables.seat_tables(upcoming, 8)
    publication.publish(upcoming)
    # Someone checked in (the desk's undo), an unpublished assignment with a cancelled
    # workshop (run, reinstate), a draft edition of the joint report (edit, change state).
    checked_in = f.make_registration(full)
    checked_in.checked_in_at = utcnow()
    unpublished = conferences.copy_conference(upcoming, actor=None)
    db.session.flush()
    unpublished.workshops[0].cancelled = True
    edition = editions.create_edition(
        [demo.objects["conference:stockholm-2011"]],
        title="Utkast",
        editor=demo.objects["user:admin"],
    )
    # A held conference giving certificates, with someone checked in (print and mail all),
    # and one that asked whether people still come, with someone silent (remind).
    from okconf.certificates import services as certificates
    from okconf.stillcoming import services as stillcoming

    held = f.make_conference(date=stockholm_today() - timedelta(days=1))
    certificates.save_settings(
        held, enabled=True, minutes=360, text="", signer_name="Anna", signer_title=""
    )
    f.make_registration(held, checked_in_at=utcnow())
    # Companions at the full conference (no new conference: the walk's per-endpoint limits):
    # one checked in with the person checked in above (the desk's undo), one not.
    from okconf.companions import services as companions

    full.companions_allowed = True
    with_companion = f.make_registration(full)
    for person, name in ((checked_in, "Maja"), (with_companion, "Bo")):
        companions.save(person, companions.CompanionData(name=name), by_staff=True)
    checked_in.companion.checked_in_at = utcnow()
    soon = f.make_conference(date=stockholm_today() + timedelta(days=10))
    f.make_registration(soon)
    stillcoming.save_settings(soon, enabled=True, days_before=5)
    stillcoming.ask(soon)
    # A hybrid conference: the staff forms with on site / online, and its settings.
    hybrid = f.make_conference(online_capacity=5, stream_url="https://stream.example.org/live")
    online = f.make_registration(hybrid, attendance="online")
    db.session.commit()
    workshop = upcoming.workshops[0]
    return [
        f"/staff/konferenser/{draft.id}",
        f"/staff/konferenser/{full.id}/vantelista",
        f"/staff/konferenser/{full.id}/integritet",
        "/staff/admin/utkorg/",
        f"/staff/ersattning/serie/{series.id}/regler",
        # The demo's claims (all sent after a 2011 conference) fill the queue before the
        # participants' request: the requests' own list leads to its pre-approval form.
        "/staff/ersattning?state=requested",
        f"/staff/organisationer/{contact.organisation_id}",
        f"/staff/konferenser/{upcoming.id}/workshops",
        f"/staff/konferenser/{upcoming.id}/workshops/{workshop.id}",
        f"/staff/anmalningar/{checked_in.id}/incheckning",
        f"/staff/konferenser/{unpublished.id}/workshops/resultat",
        f"/staff/konferenser/{unpublished.id}/workshops/listor",
        f"/staff/konferenser/{demo.objects['conference:goteborg-2011'].id}/anteckningar",
        f"/staff/rapporter/utgavor/{edition.id}",
        # Last: the walk opens few pages per endpoint, the richer conferences first.
        f"/staff/konferenser/{held.id}/intyg",
        f"/staff/konferenser/{soon.id}/kommer-du",
        f"/staff/anmalningar/{with_companion.id}/ledsagare",
        f"/staff/anmalningar/{with_companion.id}/incheckning",
        f"/staff/konferenser/{hybrid.id}/redigera",
        f"/staff/konferenser/{hybrid.id}/anmalningar/ny",
        f"/staff/anmalningar/{online.id}/redigera",
    ]


def _participant_starts(request) -> list[str]:
    """Personal-link pages of participants (registrations, claims, notes, feedback)."""
    f = Fixtures(request)
    return [builder(f) for builder in PUBLIC_FORM_PAGES] + claims_in_their_states(f)


ROLES = ["participant", Role.ORGANISER.value, Role.REVIEWER.value, Role.READER.value, "admin"]


@pytest.fixture
def demo(app):
    """The demo data of every feature."""
    from okconf.demo import DemoContext
    from okconf.features import feature_modules

    ctx = DemoContext()
    for module in feature_modules("demo"):
        module.load(ctx)
    db.session.commit()
    return ctx


def _unlinked_pages(app, endpoints, arguments) -> list[str]:
    """URLs of the GET pages of the endpoints, built with arguments seen during the walks."""
    urls = []
    adapter = app.url_map.bind("localhost")
    for rule in app.url_map.iter_rules():
        if rule.endpoint not in endpoints or "GET" not in rule.methods or rule.redirect_to:
            continue
        if not all(arguments.get(name) for name in rule.arguments):
            continue
        for n in range(3):
            values = {name: arguments[name][n % len(arguments[name])] for name in rule.arguments}
            urls.append(adapter.build(rule.endpoint, values))
    return urls


def _pages_without_arguments(app) -> list[str]:
    """Every GET page whose URL has no arguments (some, like the outbox, have no link)."""
    return [
        "/staff",
        *sorted(
            rule.rule
            for rule in app.url_map.iter_rules()
            if "GET" in rule.methods
            and not rule.arguments
            and rule.endpoint != "static"
            and rule.redirect_to is None
        ),
    ]


def signed_in_as(client, user):
    """A function that puts the user (None: nobody) into the client's session."""

    def become():
        with client.session_transaction() as session:
            session.clear()
            if user is not None:
                session["_user_id"] = user.get_id()
                session["_fresh"] = True

    return become


def test_every_form_of_every_role_survives_hostile_input(app, client, demo, request):
    # Every role walks first: the hostile posts change the world (they delete, publish, move).
    walks, arguments = [], {}
    for who in ROLES:
        user = None if who == "participant" else demo.objects[f"user:{who}"]
        if user is None:
            starts = _participant_starts(request)
        else:
            starts = _pages_without_arguments(app)
            if who == "admin":
                starts = staff_states(Fixtures(request), demo) + starts
        become = signed_in_as(client, user)
        walks.append((who, become, walk(app, client, starts, become, arguments)))
    # Then the form pages no link led to, with the arguments seen on the way (first ones).
    post_routes = {
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if "POST" in rule.methods and rule.redirect_to is None
    }
    found = {endpoint for _who, _become, forms in walks for endpoint in forms}
    unlinked = _unlinked_pages(app, post_routes - found, arguments)
    _who, become, forms = walks[-1]  # the admin
    for endpoint, found_forms in walk(app, client, unlinked, become, arguments).items():
        forms.setdefault(endpoint, found_forms)
    found |= set(forms)
    missing = sorted(post_routes - found - set(NOT_REACHED))
    assert not missing, f"POST routes no walk reached (add a way or a reason): {missing}"

    posts, failures, swept = itertools.count(), [], set()
    for who, become, forms in walks:
        fuzz_forms(client, forms, become, 3 if who == "admin" else 2, posts, failures, swept)
    assert not failures, "\n\n".join(failures)
    assert next(posts) > 5 * len(found)
