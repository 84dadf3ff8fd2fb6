"""Demo conferences: the seven of the seed report, and one upcoming copy of Köping open for
registration, on site or online and with companions. Every person in them is invented.

The seven are data, not code: one TOML file each in demo_conferences/ (read in the order of
their number), and series.toml for the series titles by year.
"""

from __future__ import annotations

import tomllib
from datetime import date, time, timedelta
from importlib import resources

from sqlalchemy import select

from okconf.clock import today
from okconf.conferences import programme as programme_services
from okconf.conferences import services
from okconf.conferences.models import Conference, ItemKind
from okconf.extensions import db
from okconf.organisations.models import Organisation
from okconf.vocabulary import Theme

KINDS = {"session": ItemKind.SESSION, "break": ItemKind.BREAK, "workshops": ItemKind.WORKSHOPS}
DATES = ("date", "registration_deadline", "cancellation_deadline", "reimbursement_request_deadline")
TIMES = ("start_time", "end_time")
UPCOMING_SLUG = "koping-2026"
DATA = resources.files("okconf.conferences") / "demo_conferences"


def conference_specs() -> list[dict]:
    """The seven seed conferences as their TOML files give them, in the files' order."""
    files = [f for f in DATA.iterdir() if f.name.endswith(".toml") and f.name[0].isdigit()]
    files.sort(key=lambda f: int(f.name.split("-", 1)[0]))
    return [tomllib.loads(f.read_text(encoding="utf-8")) for f in files]


def series_titles() -> dict[int, str]:
    """The series' titles by year."""
    data = tomllib.loads((DATA / "series.toml").read_text(encoding="utf-8"))
    return {int(year): title for year, title in data["series"].items()}


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
        series=services.get_or_create_series(series_titles()[year], year),
        hosts=[_organisation(name) for name in spec.get("hosts", [])],
        organisers=[organiser] if organiser is not None else [],
    )
    conference.moderator = spec.get("moderator", "")
    rounds = []
    for slot in spec["programme"]:
        item = programme_services.save_item(
            conference,
            None,
            kind=KINDS[slot["kind"]],
            starts_at=_clock(slot["start"]),
            ends_at=_clock(slot.get("end")),
            title=slot["title"],
            description=slot.get("description", ""),
            speakers=programme_services.parse_speakers("\n".join(slot.get("speakers", []))),
            show_time=slot.get("show_time", True),
        )
        if item.kind is ItemKind.WORKSHOPS:
            rounds.append(item)
    for workshop in spec.get("workshops", []):
        programme_services.save_workshop(
            conference,
            None,
            round_item=rounds[0],
            title=workshop["title"],
            theme=Theme(workshop["theme"]),
            inspirers=workshop["inspirers"],
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
    # Hybrid, with companions who need no place of their own (registration/demo.py puts some
    # people online, companions/demo.py gives two a companion); the seven past conferences,
    # and so the seed reports' figures, stay as they were.
    copy.online_capacity = 40
    copy.stream_url = "https://stream.example.org/koping-2026"
    copy.companions_allowed = True
    copy.companions_take_places = False
    copy.series = services.get_or_create_series(f"Regionala konferenser {day.year}", day.year)
    if organiser is not None and organiser not in copy.organisers:
        copy.organisers.append(organiser)
    services.publish(copy, actor=None)
    return copy


def load(ctx) -> None:
    """Create the seven conferences and the upcoming one (skipping any that exist)."""
    organiser = ctx.objects.get("user:organiser")
    for spec in conference_specs():
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
