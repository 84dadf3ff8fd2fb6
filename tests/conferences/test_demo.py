"""The demo conferences: the seed's seven, complete, idempotent, and with invented people."""

from __future__ import annotations

import re
from datetime import date, time
from pathlib import Path

from sqlalchemy import func, select

from okconf.clock import today
from okconf.conferences import services
from okconf.conferences.models import Conference, ConferenceState, Workshop
from okconf.demo import DemoContext
from okconf.features import feature_modules
from okconf.vocabulary import Theme

SEED = Path("/work/shared/seeds/000_20a12cd6db3bf2e4.txt")
KEYS = [
    "stockholm-2011",
    "goteborg-2011",
    "boden-2011",
    "sundsvall-2011",
    "malmo-2012",
    "koping-2012",
    "ronneby-2013",
]


def load():
    ctx = DemoContext()
    for module in feature_modules("demo"):
        if module.__name__.split(".")[1] in ("accounts", "organisations", "conferences"):
            module.load(ctx)
    return ctx


def test_demo_has_the_seven_conferences_and_an_open_one(app):
    ctx = load()
    organiser = ctx.objects["user:organiser"]
    for key in KEYS:
        conference = ctx.objects[f"conference:{key}"]
        assert conference.slug == key and conference.state is ConferenceState.PUBLISHED
        assert organiser in conference.organisers
        assert conference.hosts and conference.programme
    koping = ctx.objects["conference:koping-2012"]
    assert koping.date == date(2012, 12, 10) and koping.start_time == time(9)
    assert koping.street_address == "Karlagatan 2"
    assert koping.series.name == "Regionala konferenser hösten 2012"
    ronneby = ctx.objects["conference:ronneby-2013"]
    assert ronneby.late_cancellation_fee_ore == 40000 and ronneby.exhibition_tables_offered
    sundsvall = ctx.objects["conference:sundsvall-2011"]
    assert sundsvall.offers_travel_reimbursement and sundsvall.min_round_trip_km == 100
    malmo = ctx.objects["conference:malmo-2012"]
    assert {w.theme for w in malmo.workshops} == set(Theme)
    assert all(w.inspirers for w in malmo.workshops)
    upcoming = ctx.objects["conference:koping-2026"]
    assert upcoming.date > today()
    assert services.registration_state(upcoming) is services.RegistrationState.OPEN
    assert len(upcoming.programme) == len(koping.programme)
    # The upcoming one alone is hybrid and takes companions (the seed's seven do not).
    assert upcoming.offers_online and upcoming.stream_url and upcoming.companions_allowed
    assert not any(
        ctx.objects[f"conference:{key}"].offers_online
        or ctx.objects[f"conference:{key}"].companions_allowed
        for key in KEYS
    )
    # Loading again adds nothing.
    load()
    assert app.extensions["sqlalchemy"].session.scalar(select(func.count(Conference.id))) == 8
    assert app.extensions["sqlalchemy"].session.scalar(select(func.count(Workshop.id))) == 7


def test_demo_people_are_invented(app):
    ctx = load()
    people, emails = [], []
    for key in KEYS:
        conference = ctx.objects[f"conference:{key}"]
        people += [s.name for item in conference.programme for s in item.speakers]
        people += [conference.contact_name.split(",")[0], conference.moderator.split(",")[0]]
        people += [
            re.split(r" – | och ", line)[0]
            for w in conference.workshops
            for line in w.inspirers.splitlines()
        ]
        emails.append(conference.contact_email)
    assert all(e.endswith(("@example.org", "@example.se")) for e in emails if e)
    if SEED.exists():  # the seed names real people: none of them may appear
        seed = SEED.read_text()
        organisations = {"Lyckeby BTK"}
        leaked = {p for p in people if p and p not in organisations and p in seed}
        assert leaked == set()


def test_the_upcoming_conference_has_people_online_and_companions(app):
    from okconf.companions.models import Companion
    from okconf.registration.models import Attendance, Registration

    session = app.extensions["sqlalchemy"].session
    ctx = DemoContext()
    for module in feature_modules("demo"):
        if module.__name__.split(".")[1] in (
            "accounts",
            "organisations",
            "conferences",
            "registration",
            "companions",
        ):
            module.load(ctx)
    upcoming = ctx.objects["conference:koping-2026"]
    attendance = dict(
        session.execute(
            select(Registration.attendance, func.count())
            .where(Registration.conference_id == upcoming.id)
            .group_by(Registration.attendance)
        ).all()
    )
    assert attendance[Attendance.ONLINE] >= 1 and attendance[Attendance.ON_SITE] >= 1
    companions = session.scalars(select(Companion)).all()
    assert len(companions) == 2
    assert all(
        c.registration.conference_id == upcoming.id and not c.registration.online
        for c in companions
    )
    # nobody online or with a companion at the seven
    others = session.scalar(
        select(func.count())
        .select_from(Registration)
        .where(Registration.conference_id != upcoming.id, Registration.attendance == "online")
    )
    assert others == 0
    # loading again adds no companion
    from okconf.companions import demo as companions_demo

    companions_demo.load(ctx)
    assert session.scalar(select(func.count()).select_from(Companion)) == 2
