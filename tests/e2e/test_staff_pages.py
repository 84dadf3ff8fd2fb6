"""Every staff page of the demo, as organiser, reviewer and admin, at 1280 and 390 px wide.

The pages come from the URL map (every GET route a staff role may open), filled in with real
ids from the demo data; downloads (PDF, CSV, JSON, …) are left out by their content type. Each
page must answer 200, must not scroll sideways (document.documentElement.scrollWidth >
innerWidth; at 390 px a table of class "cards-narrow" must not scroll in its frame either),
must pass axe-core's WCAG 2.1 A/AA rules and, at 1280 px, must fit in three screens
(2,700 px) unless it is a list or a document the user asked for (LONG_BY_NATURE). A full-page
screenshot of each is kept in test-artifacts/staff-pages/<role>-<width>/ (git-ignored) for a
person to look at. Every problem is collected before the test fails, so one run shows them
all. The admin walks the pages only an admin may open (OKCONF_WALK_EVERY_PAGE_AS_ADMIN=1:
every page).
"""

from __future__ import annotations

import os
import re
import time

import pytest
from playwright.sync_api import Error as PlaywrightError
from sqlalchemy import select

from okconf.accounts.models import Role
from okconf.extensions import db
from tests.e2e.conftest import AXE_TAGS
from tests.support import ROOT

ARTIFACTS = ROOT / "test-artifacts" / "staff-pages"
WIDTHS = (1280, 390)
ROLES = {
    "organiser": ("organiser@example.org", "demo-organiser-2011"),
    "reviewer": ("reviewer@example.org", "demo-reviewer-2011"),
    "admin": ("admin@example.org", "demo-admin-2011"),
}
EVERY_PAGE_AS_ADMIN = bool(os.environ.get("OKCONF_WALK_EVERY_PAGE_AS_ADMIN"))
# Three screens of the 900 px high window: a staff page longer than this is two pages, or a
# page and a filter (UI.md), unless it is one of these.
MAX_HEIGHT = 3 * 900
LONG_BY_NATURE = {
    "attendees.list": "the registrations, a list the organiser filters",
    "organisations.index": "the organisation register, a list",
    "steering.index": "the steering groups year by year, a list",
    "steering.measures": "the parties' measures and their reports, a list",
    "conferences.staff_preview": "the invitation as the public reads it, a document",
    "reports.annual": "the parties' annual report, a document",
    "reports.joint": "the joint report, a document",
    "editions.document": "an edition of the joint report, a document",
    "editions.show": "an edition's sections, the report's text being edited",
    "editions.history": "an edition's versions with what each changed, a list",
    "summaries.edit": "eleven free-text answers, one per section of the joint report",
}
# A path whose last part names a file type (badges.pdf, lista.<fmt>, vagg.json) is a download.
DOWNLOAD = re.compile(r"\.[a-z<][^/]*$")


# Every URL argument of a staff page, and how the demo fills it (None: the demo has none).
def demo_arguments() -> dict[str, object]:
    """A real value from the demo for every URL argument of a staff page: the upcoming
    conference and what belongs to it where it can, else the first of its kind; None where
    the demo has none. A new staff route with a new argument fails the walk until it is added
    here."""
    from okconf.api.models import ApiToken
    from okconf.conferences.models import Conference, ProgrammeItem, Series, Workshop
    from okconf.groupwork.models import GroupNote
    from okconf.mail.models import OutboxAttachment, OutboxMail
    from okconf.messages.models import Message, MessageKind
    from okconf.organisations.models import ContactPerson
    from okconf.questions.models import Question
    from okconf.registration.models import Registration, RegistrationStatus
    from okconf.reimbursements.models import Budget, Claim, Receipt
    from okconf.reports.models import ReportEdition, Summary
    from okconf.steering.models import Measure
    from okconf.webhooks.models import Webhook

    def first(query):
        return db.session.scalars(query.limit(1)).first()

    conference = first(select(Conference).order_by(Conference.date.desc()))
    contact = first(select(ContactPerson).order_by(ContactPerson.id))
    mine = (Conference.id == conference.id,)
    return {
        "conference_id": conference.id,
        "registration_id": first(
            select(Registration.id).where(
                Registration.conference_id == conference.id,
                Registration.status == RegistrationStatus.CONFIRMED,
            )
        ),
        "item_id": first(select(ProgrammeItem.id).join(Conference).where(*mine)),
        "question_id": first(
            select(Question.id).where(Question.conference_id == conference.id).order_by(Question.id)
        ),
        # The upcoming conference has no workshops yet: a held one's (its conference follows).
        "workshop_id": first(select(Workshop.id).order_by(Workshop.id)),
        "note_id": first(select(GroupNote.id).order_by(GroupNote.id)),
        "claim_id": first(select(Claim.id).order_by(Claim.id)),
        "receipt_id": first(select(Receipt.id).order_by(Receipt.id)),
        "budget_id": first(select(Budget.id).order_by(Budget.id)),
        "series_id": first(select(Series.id).order_by(Series.id)),
        "organisation_id": contact.organisation_id if contact else None,
        "contact_id": contact.id if contact else None,
        "summary_id": first(select(Summary.id).order_by(Summary.id)),
        "measure_id": first(select(Measure.id).order_by(Measure.id)),
        "mail_id": first(select(OutboxMail.id).order_by(OutboxMail.id)),
        "attachment_id": first(select(OutboxAttachment.id).order_by(OutboxAttachment.id)),
        "edition_id": first(select(ReportEdition.id).order_by(ReportEdition.id)),
        # The demo's draft message (its preview page; the sent page has no more parts).
        "message_id": first(
            select(Message.id).where(
                Message.conference_id == conference.id, Message.kind == MessageKind.MESSAGE
            )
        ),
        "year": conference.date.year - 14,  # 2012: the demo's annual report
        # The demo organiser's webhook (admins see it too).
        "webhook_id": first(select(Webhook.id).order_by(Webhook.id)),
        "token_id": first(select(ApiToken.id).order_by(ApiToken.id)),  # the organiser's
    }


def add_what_the_demo_lacks() -> None:
    """The demo's claims were all sent after a 2011 conference (none is a request made before
    one) and its outbox is empty: a volunteer registered for the upcoming conference asks for
    travel support (a request to decide, and its mail), and gets a confirmation mail with its
    QR attachment."""
    from okconf.conferences.models import Conference
    from okconf.registration.mails import send_confirmation
    from okconf.registration.models import Registration, RegistrationStatus
    from okconf.reimbursements import services
    from okconf.reimbursements.rules import TravelMode

    conference = db.session.scalars(select(Conference).order_by(Conference.date.desc())).first()
    conference.offers_travel_reimbursement = True
    person = db.session.scalars(
        select(Registration).where(
            Registration.conference_id == conference.id,
            Registration.status == RegistrationStatus.CONFIRMED,
        )
    ).first()
    person.is_volunteer = True
    services.submit_request(
        person,
        wants_travel=True,
        est_mode=TravelMode.CAR,
        est_round_trip_km=360,
        from_town="Östersund",
    )
    send_confirmation(person)
    db.session.commit()


def _only_admin(roles) -> bool:
    """True for a page that neither an organiser nor a reviewer may open."""
    return not any(role in roles for role in (Role.ORGANISER, Role.REVIEWER))


def staff_pages(app, role) -> tuple[list[tuple[str, str]], list[str], list[str]]:
    """(endpoint, path) of every staff GET page the role may open; the routes with an
    argument nobody fills (a failure); the routes the demo has nothing for (reported).

    An admin may open every page; the organiser's and the reviewer's walks already cover the
    pages they share with the admin (the same templates, a longer main menu), so the admin
    walks the rest, and the start page, unless OKCONF_WALK_EVERY_PAGE_AS_ADMIN is set: the
    whole walk then takes twice as long, too long for CI on two cores."""
    from okconf.accounts.models import User
    from okconf.conferences.models import Workshop

    user = db.session.scalar(select(User).where(User.email == ROLES[role][0]))
    arguments = demo_arguments()
    pages, unknown, empty = [], [], []
    skip_shared = role == "admin" and not EVERY_PAGE_AS_ADMIN
    with app.test_request_context():
        from flask import url_for

        for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
            if rule.redirect_to is not None:
                continue  # an old path's redirect (tests/test_urls.py)
            roles = getattr(app.view_functions[rule.endpoint], "required_roles", None)
            if "GET" not in rule.methods or roles is None or not user.has_role(*roles):
                continue
            if skip_shared and rule.endpoint != "main.dashboard" and not _only_admin(roles):
                continue
            if DOWNLOAD.search(rule.rule):
                continue
            if missing := [name for name in rule.arguments if name not in arguments]:
                unknown.append(f"{rule.rule} needs {', '.join(missing)}")
                continue
            if none := [name for name in rule.arguments if arguments[name] is None]:
                empty.append(f"{rule.rule} (the demo has no {', '.join(none)})")
                continue
            values = {name: arguments[name] for name in rule.arguments}
            if "workshop_id" in values and "conference_id" in values:
                workshop = db.session.get(Workshop, values["workshop_id"])
                values["conference_id"] = workshop.conference_id
            pages.append((rule.endpoint, url_for(rule.endpoint, **values)))
    return pages, unknown, empty


def _sign_in(page, base, role):
    email, password = ROLES[role]
    page.goto(base + "/login")
    page.locator("#email").fill(email)
    page.locator("#password").fill(password)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def _violations(page, axe_source) -> list[str]:
    page.add_script_tag(content=axe_source)
    results = page.evaluate(
        """async (tags) => await axe.run(document,
               {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})""",
        AXE_TAGS,
    )
    return [
        f"axe {v['id']}: {v['help']} at {' | '.join(' '.join(n['target']) for n in v['nodes'][:3])}"
        for v in results["violations"]
    ]


@pytest.mark.app_config(BABEL_DEFAULT_LOCALE="sv")
@pytest.mark.parametrize("role", list(ROLES))  # one test per role: xdist runs them side by side
def test_every_staff_page_fits_and_passes_axe(live_server, browser, axe_source, role, backend):
    if backend != "sqlite":
        pytest.skip("layout and accessibility do not depend on the database: walked on SQLite")
    from okconf.demo import load_demo

    load_demo()
    db.session.commit()
    with live_server.app.test_request_context():
        add_what_the_demo_lacks()
    problems, not_walked, walked = [], [], 0
    started = time.monotonic()
    pages, unknown, empty = staff_pages(live_server.app, role)
    problems.extend(f"{role}: {route} (add it to demo_arguments)" for route in unknown)
    not_walked.extend(f"{role}: {route}" for route in empty)
    for width in WIDTHS:
        folder = ARTIFACTS / f"{role}-{width}"
        folder.mkdir(parents=True, exist_ok=True)
        context = browser.new_context(
            bypass_csp=True, locale="sv-SE", viewport={"width": width, "height": 900}
        )
        context.set_default_timeout(20_000)
        page = context.new_page()
        _sign_in(page, live_server.url, role)
        for endpoint, path in pages:
            try:
                response = page.goto(live_server.url + path)
            except PlaywrightError as error:
                if "Download is starting" in str(error):
                    continue  # a download without a file type in its path
                raise
            kind = response.headers.get("content-type", "")
            if response.status in (403, 404):
                # The role passes the route's check but not this object's (a reviewer
                # and a draft summary), or the page needs a query (the joint report).
                not_walked.append(f"{role}: {path} answers {response.status}")
                continue
            if response.status != 200:
                problems.append(f"{role} {width}px {path}: HTTP {response.status}")
                continue
            if not kind.startswith("text/html"):
                continue
            walked += 1
            page.screenshot(path=str(folder / f"{endpoint}.png"), full_page=True)
            scroll, inner = page.evaluate(
                "[document.documentElement.scrollWidth, window.innerWidth]"
            )
            if scroll > inner:
                problems.append(
                    f"{role} {width}px {path}: scrolls sideways ({scroll} > {inner} px)"
                )
            if width < 640:  # a table that turns into cards on a phone must not scroll there
                wide = page.evaluate(
                    "[...document.querySelectorAll('table.cards-narrow')].filter("
                    "t => t.parentElement.scrollWidth > t.parentElement.clientWidth + 1).length"
                )
                if wide:
                    problems.append(f"{role} {width}px {path}: {wide} card table(s) scroll")
            height = page.evaluate("document.documentElement.scrollHeight")
            if width == 1280 and height > MAX_HEIGHT and endpoint not in LONG_BY_NATURE:
                problems.append(f"{role} {width}px {path}: {height} px long (over three screens)")
            problems.extend(f"{role} {width}px {path}: {v}" for v in _violations(page, axe_source))
        context.close()
    if not_walked:
        print("not walked:\n" + "\n".join(sorted(set(not_walked))))
    print(f"walked {walked} staff pages in {time.monotonic() - started:.0f} s; see {ARTIFACTS}")
    assert (
        walked >= {"organiser": 60, "reviewer": 8, "admin": 80 if EVERY_PAGE_AS_ADMIN else 10}[role]
    )
    assert not problems, f"{len(problems)} problem(s):\n" + "\n".join(problems)
