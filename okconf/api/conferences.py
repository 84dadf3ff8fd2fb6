"""API: conferences, their programme, registrations, waiting list and workshop assignments."""

from __future__ import annotations

import marshmallow as ma
from flask import url_for
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from okconf.accounts.models import Role
from okconf.api import schemas as s
from okconf.api.blueprint import api_access, api_bp, api_user, managed_conference, paginate
from okconf.conferences.models import Conference, ProgrammeItem, conference_organisers
from okconf.extensions import db
from okconf.registration.models import Registration, RegistrationStatus

ORGANISER = Role.ORGANISER


@api_bp.route("/conferences")
@api_access(ORGANISER, scope="read")
@api_bp.arguments(s.ListArgs, location="query", as_kwargs=False, unknown=ma.RAISE)
@api_bp.response(200, s.page_of(s.ConferenceSchema, "ConferencePage"))
def list_conferences(args):
    """The conferences the token's user manages (all for admins), oldest change first."""
    query = select(Conference).options(selectinload(Conference.hosts))
    user = api_user()
    if user.role is not Role.ADMIN:
        query = query.join(conference_organisers).where(conference_organisers.c.user_id == user.id)
    return paginate(query, Conference, args)


@api_bp.route("/conferences/<int:conference_id>")
@api_access(ORGANISER, scope="read")
@api_bp.response(200, s.ConferenceSchema)
def get_conference(conference_id: int):
    """One conference: its invitation's facts."""
    return managed_conference(conference_id)


@api_bp.route("/conferences/<int:conference_id>/programme")
@api_access(ORGANISER, scope="read")
@api_bp.response(200, s.ProgrammeSchema)
def get_programme(conference_id: int):
    """The programme: time slots with speakers, workshop rounds with their workshops."""
    conference = managed_conference(conference_id)
    items = db.session.scalars(
        select(ProgrammeItem)
        .where(ProgrammeItem.conference_id == conference.id)
        .options(selectinload(ProgrammeItem.speakers), selectinload(ProgrammeItem.workshops))
        .order_by(
            ProgrammeItem.day, ProgrammeItem.starts_at, ProgrammeItem.position, ProgrammeItem.id
        )
    ).all()
    return {
        "conference_id": conference.id,
        "moderator": conference.moderator,
        "items": items,
        "workshops_without_round": [w for w in conference.workshops if w.round_id is None],
    }


def _registrations():
    return select(Registration).options(selectinload(Registration.diets))


@api_bp.route("/conferences/<int:conference_id>/registrations")
@api_access(ORGANISER, scope="read")
@api_bp.arguments(s.RegistrationListArgs, location="query", as_kwargs=False, unknown=ma.RAISE)
@api_bp.response(200, s.page_of(s.RegistrationSchema, "RegistrationPage"))
def list_registrations(args, conference_id: int):
    """The conference's registrations, oldest change first.

    For an incremental sync pass `updated_since`: registrations are never deleted one by
    one, so every change comes as a change: a cancellation (status `cancelled`,
    `cancelled_at` set), a check-in, and an erasure or the anonymisation after the retention
    period (`anonymised_at` set, names, addresses and sensitive answers blank).
    """
    conference = managed_conference(conference_id)
    query = _registrations().where(Registration.conference_id == conference.id)
    if args.get("status"):
        query = query.where(Registration.status == RegistrationStatus(args["status"]))
    return paginate(query, Registration, args)


@api_bp.route("/conferences/<int:conference_id>/registrations", methods=["POST"])
@api_access(ORGANISER, scope="registrations:write")
@api_bp.arguments(s.RegistrationCreateSchema, as_kwargs=False)
@api_bp.response(201, s.RegistrationSchema)
def create_registration(data, conference_id: int):
    """Add a registration as staff, through the same service as the form: a place while there
    is one, else the waiting list (`status` says which), and the confirmation mail.

    A duplicate address is refused (409), as on the form.
    """
    from okconf.registration import services
    from okconf.registration.models import Attendance
    from okconf.registration.rules import ParticipantData
    from okconf.vocabulary import Diet, OrganisationType, Party

    conference = managed_conference(conference_id)
    wishes = {str(key): list(ids) for key, ids in data["workshop_wishes"].items()}
    diets = [Diet(d) for d in data["diets"]]
    participant = ParticipantData(
        first_name=data["first_name"].strip(),
        last_name=data["last_name"].strip(),
        email=data["email"].strip().lower(),
        phone=data["phone"].strip(),
        organisation_name=data["organisation_name"].strip(),
        party=Party(data["party"]),
        org_type=OrganisationType(data["org_type"]),
        is_politician=data["is_politician"],
        is_volunteer=data["is_volunteer"],
        diets=diets,
        diet_other=data["diet_other"].strip(),
        accessibility_needs=data["accessibility_needs"].strip(),
        wants_exhibition_table=data["wants_exhibition_table"],
        requests_travel_reimbursement=data["requests_travel_reimbursement"],
        requests_lost_earnings=data["requests_lost_earnings"],
        workshop_wishes=wishes,
        locale=data["locale"],
        attendance=Attendance(data["attendance"]),
    )
    registration = services.register(
        conference,
        participant,
        by_staff=True,
        override_deadline=data["override_deadline"],
        override_capacity=data["override_capacity"],
    )  # (register() commits)
    location = url_for("api.get_registration", registration_id=registration.id)
    return registration, 201, {"Location": location}


def managed_registration(registration_id: int) -> Registration:
    """The registration, when the token's user manages its conference (404 / 403)."""
    from okconf.api.blueprint import fail

    registration = db.session.get(Registration, registration_id)
    if registration is None:
        fail(404)
    managed_conference(registration.conference_id)
    return registration


@api_bp.route("/registrations/<int:registration_id>")
@api_access(ORGANISER, scope="read")
@api_bp.response(200, s.RegistrationSchema)
def get_registration(registration_id: int):
    """One registration."""
    return managed_registration(registration_id)


@api_bp.route("/registrations/<int:registration_id>/status", methods=["POST"])
@api_access(ORGANISER, scope="registrations:write")
@api_bp.arguments(s.StatusChangeSchema, as_kwargs=False)
@api_bp.response(200, s.RegistrationSchema)
def change_status(data, registration_id: int):
    """Cancel a registration (its place goes to the waiting list, who are told by mail), or
    give a person on the waiting list a place (they are told by mail)."""
    from okconf.registration import services

    registration = managed_registration(registration_id)
    if data["status"] == RegistrationStatus.CANCELLED.value:
        services.cancel(registration, by_staff=True)
    else:
        services.promote(registration, override_capacity=data["override_capacity"])
    db.session.commit()
    return registration


@api_bp.route("/registrations/<int:registration_id>/check-in", methods=["POST"])
@api_access(ORGANISER, scope="checkin")
@api_bp.response(200, s.CheckInSchema)
def check_in(registration_id: int):
    """Check the person in (checking in twice is harmless: `changed` is then false)."""
    from okconf.attendees import desk

    registration = managed_registration(registration_id)
    changed = desk.check_in(registration)
    db.session.commit()
    return {"registration": registration, "changed": changed}


@api_bp.route("/registrations/<int:registration_id>/check-in", methods=["DELETE"])
@api_access(ORGANISER, scope="checkin")
@api_bp.response(200, s.CheckInSchema)
def undo_check_in(registration_id: int):
    """Take back a check-in made by mistake."""
    from okconf.attendees import desk

    registration = managed_registration(registration_id)
    changed = desk.undo_check_in(registration)
    db.session.commit()
    return {"registration": registration, "changed": changed}


@api_bp.route("/conferences/<int:conference_id>/waiting-list")
@api_access(ORGANISER, scope="read")
@api_bp.response(200, s.WaitingListSchema)
def waiting_list(conference_id: int):
    """The waiting list in order (1 is the next to get a place), with the places taken."""
    from okconf.registration import rules

    conference = managed_conference(conference_id)
    waiting = db.session.scalars(
        _registrations()
        .where(
            Registration.conference_id == conference.id,
            Registration.status == RegistrationStatus.WAITING,
        )
        .order_by(Registration.waiting_since, Registration.id)
    ).all()
    return {
        "conference_id": conference.id,
        "capacity": conference.capacity,
        "confirmed": rules.confirmed_count(conference.id),
        "entries": [{"position": n, "registration": r} for n, r in enumerate(waiting, start=1)],
    }
