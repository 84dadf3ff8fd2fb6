"""Demo conferences: the seven of the seed report, and one upcoming copy of Köping open for
registration. Every person in them is invented."""

from __future__ import annotations

from datetime import date, time, timedelta

from sqlalchemy import select

from okconf.clock import today
from okconf.conferences import programme as programme_services
from okconf.conferences import services
from okconf.conferences.demo_data import CONFERENCES, SERIES
from okconf.conferences.models import Conference, ItemKind
from okconf.extensions import db
from okconf.organisations.models import Organisation
from okconf.vocabulary import Theme

KINDS = {"s": ItemKind.SESSION, "b": ItemKind.BREAK, "w": ItemKind.WORKSHOPS}
DATES = ("date", "registration_deadline", "cancellation_deadline", "reimbursement_request_deadline")
TIMES = ("start_time", "end_time")
UPCOMING_SLUG = "koping-2026"


def _clock(text: str | None) -> time | None:
    return time.fromisoformat(text) if text else None


def _organisation(name: str) -> Organisation:
    org = db.session.scalars(select(Organisation).where(Organisation.name == name)).first()
    if org is None:
        raise LookupError(f"demo host {name!r} is missing: organisations/demo.py creates it")
    return org


def build_conference(spec: dict, organiser) -> Conference:
    """One seed conference with its programme and workshops, published."""
    values = {
        key: value
        for key, value in spec.items()
        if key in services.INVITATION_FIELDS and key not in DATES + TIMES
    }
    for key in DATES:
        if spec.get(key):
            values[key] = date.fromisoformat(spec[key])
    for key in TIMES:
        values[key] = _clock(spec.get(key))
    year = values["date"].year
    conference = services.save_conference(
        None,
        values,
        actor=None,
        slug=spec["key"],
        series=services.get_or_create_series(SERIES[year], year),
        hosts=[_organisation(name) for name in spec.get("hosts", [])],
        organisers=[organiser] if organiser is not None else [],
    )
    conference.moderator = spec.get("moderator", "")
    rounds = []
    for start, end, kind, title, description, speakers in spec["programme"]:
        item = programme_services.save_item(
            conference,
            None,
            kind=KINDS[kind],
            starts_at=_clock(start.lstrip("~")),
            ends_at=_clock(end),
            title=title,
            description=description,
            speakers=programme_services.parse_speakers("\n".join(speakers)),
            show_time=not start.startswith("~"),
        )
        if item.kind is ItemKind.WORKSHOPS:
            rounds.append(item)
    for title, theme, inspirers in spec.get("workshops", []):
        programme_services.save_workshop(
            conference,
            None,
            round_item=rounds[0],
            title=title,
            theme=Theme(theme),
            inspirers=inspirers,
            capacity=30,
        )
    services.publish(conference, actor=None)
    return conference


def build_upcoming(source: Conference, organiser) -> Conference:
    """A copy of Köping a few weeks ahead, published and open for registration."""
    copy = services.copy_conference(source, actor=None)
    day = today() + timedelta(weeks=3)
    day += timedelta(days=(7 - day.weekday()) % 7)  # a Monday, as Köping's was
    copy.slug = UPCOMING_SLUG
    copy.date = day
    copy.registration_deadline = day - timedelta(days=10)
    copy.cancellation_deadline = day - timedelta(days=10)
    copy.late_cancellation_fee_ore = 40000
    copy.capacity = 120
    copy.cancellation_terms = "Anmälan är bindande men kan överlåtas till kollega."
    copy.series = services.get_or_create_series(f"Regionala konferenser {day.year}", day.year)
    if organiser is not None and organiser not in copy.organisers:
        copy.organisers.append(organiser)
    services.publish(copy, actor=None)
    return copy


def load(ctx) -> None:
    """Create the seven conferences and the upcoming one (skipping any that exist)."""
    organiser = ctx.objects.get("user:organiser")
    for spec in CONFERENCES:
        conference = db.session.scalar(select(Conference).where(Conference.slug == spec["key"]))
        if conference is None:
            conference = build_conference(spec, organiser)
        ctx.objects[f"conference:{spec['key']}"] = conference
    upcoming = db.session.scalar(select(Conference).where(Conference.slug == UPCOMING_SLUG))
    if upcoming is None:
        upcoming = build_upcoming(ctx.objects["conference:koping-2012"], organiser)
    ctx.objects[f"conference:{UPCOMING_SLUG}"] = upcoming
    ctx.objects["conference:upcoming"] = upcoming
    db.session.commit()
