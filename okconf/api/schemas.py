"""The API's request and response shapes (marshmallow), from which the OpenAPI document is made.

Response schemas describe what is sent; request schemas refuse unknown fields, wrong types and
values out of range with readable messages (see messages.py), before any service runs.
"""

from __future__ import annotations

import marshmallow as ma
from flask_babel import lazy_gettext as _l
from marshmallow import fields

from okconf.api.messages import id_range, list_length, max_length, not_blank, one_of
from okconf.db import MAX_ID
from okconf.registration.models import Attendance, RegistrationStatus
from okconf.reimbursements.models import ClaimState
from okconf.vocabulary import Diet, OrganisationType, Party, Theme

AWARE = {"awareness": "Give the time with its time zone, e.g. 2026-11-30T12:00:00Z."}


def text(limit: int, *, required: bool = False, blank_message=None, **kwargs) -> fields.String:
    """A string of at most `limit` characters (required ones not blank)."""
    validators = [max_length(limit)]
    if required:
        validators.append(not_blank(blank_message or _l("Missing data for required field.")))
    return fields.String(
        required=required, validate=validators, metadata={"maxLength": limit}, **kwargs
    )


def choice(values, **kwargs) -> fields.String:
    """One of the enum's values."""
    allowed = [getattr(v, "value", v) for v in values]
    return fields.String(validate=one_of(allowed), metadata={"enum": allowed}, **kwargs)


def boolean(**kwargs) -> fields.Boolean:
    """true or false, nothing else ("yes" and 1 are wrong types in JSON)."""
    return fields.Boolean(truthy={True}, falsy={False}, **kwargs)


def identifier(**kwargs) -> fields.Integer:
    """A database id."""
    return fields.Integer(
        strict=True, validate=id_range, metadata={"minimum": 1, "maximum": MAX_ID}, **kwargs
    )


def enum_out(values, **kwargs) -> fields.String:
    """An enum's value in a response."""
    return fields.String(metadata={"enum": [v.value for v in values]}, **kwargs)


class Strict(ma.Schema):
    """Request schemas: unknown fields are refused."""

    class Meta:
        unknown = ma.RAISE


# --- paging and sync ---------------------------------------------------------------------------


class ListArgs(Strict):
    """Query arguments of every list: a page size, the cursor of the next page, a change time."""

    limit = fields.Integer(
        strict=False,
        load_default=100,
        validate=ma.validate.Range(min=1, max=500, error="Choose a page size from 1 to 500."),
        metadata={"description": "Items per page (1–500, default 100).", "maximum": 500},
    )
    cursor = fields.String(
        validate=max_length(200),
        metadata={"description": "The `next_cursor` of the previous page."},
    )
    updated_since = fields.AwareDateTime(
        error_messages=AWARE,
        metadata={
            "description": "Only items changed at or after this time (ISO 8601 with a time "
            "zone): for an incremental sync, pass the `updated_at` of the last item you have "
            "(minus a few seconds, as transactions commit out of order)."
        },
    )


class RegistrationListArgs(ListArgs):
    """A conference's registrations, optionally of one status."""

    status = choice(RegistrationStatus)


class ClaimListArgs(ListArgs):
    """Reimbursement claims, optionally of one conference and state."""

    conference_id = fields.Integer(validate=id_range, metadata={"minimum": 1})
    state = choice(ClaimState)


def page_of(item_schema: type[ma.Schema], name: str) -> type[ma.Schema]:
    """The page schema of a list of `item_schema`."""
    return ma.Schema.from_dict(
        {
            "items": fields.List(fields.Nested(item_schema), required=True),
            "next": fields.String(
                allow_none=True,
                required=True,
                metadata={"description": "The next page's URL; null on the last page."},
            ),
            "next_cursor": fields.String(allow_none=True, required=True),
        },
        name=name,
    )


# --- conferences and programme ---------------------------------------------------------------


class OrganisationRef(ma.Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)


class ConferenceSchema(ma.Schema):
    id = fields.Integer(required=True)
    slug = fields.String(required=True)
    state = fields.String(required=True, metadata={"enum": ["draft", "published"]})
    title = fields.String(required=True)
    guiding_question = fields.String(required=True)
    series_id = fields.Integer(allow_none=True, required=True)
    date = fields.Date(allow_none=True, required=True)
    # The last day of a conference of several days (null: one day).
    end_date = fields.Date(allow_none=True, required=True)
    start_time = fields.Time(allow_none=True, required=True)
    end_time = fields.Time(allow_none=True, required=True)
    venue_name = fields.String(required=True)
    street_address = fields.String(required=True)
    postcode = fields.String(required=True)
    town = fields.String(required=True)
    capacity = fields.Integer(allow_none=True, required=True)
    price_ore = fields.Integer(required=True)
    registration_deadline = fields.Date(allow_none=True, required=True)
    cancellation_deadline = fields.Date(allow_none=True, required=True)
    late_cancellation_fee_ore = fields.Integer(required=True)
    contact_name = fields.String(required=True)
    contact_email = fields.String(required=True)
    more_info_url = fields.String(required=True)
    hosts = fields.List(fields.Nested(OrganisationRef), required=True)
    created_at = fields.DateTime(required=True)
    updated_at = fields.DateTime(required=True)


class SpeakerSchema(ma.Schema):
    name = fields.String(required=True)
    role = fields.String(required=True)
    organisation_name = fields.String(required=True)


class WorkshopSchema(ma.Schema):
    id = fields.Integer(required=True)
    title = fields.String(required=True)
    theme = fields.String(
        allow_none=True, required=True, metadata={"enum": [*(t.value for t in Theme), None]}
    )
    description = fields.String(required=True)
    inspirers = fields.String(required=True)
    room = fields.String(required=True)
    capacity = fields.Integer(allow_none=True, required=True)
    cancelled = fields.Boolean(required=True)


class ProgrammeItemSchema(ma.Schema):
    id = fields.Integer(required=True)
    kind = fields.String(required=True, metadata={"enum": ["session", "break", "workshops"]})
    day = fields.Integer(
        required=True, metadata={"description": "Which day of the conference (1 is the first)."}
    )
    date = fields.Date(
        attribute="on_date",
        allow_none=True,
        required=True,
        metadata={"description": "The slot's date; null while the conference has no date."},
    )
    starts_at = fields.Time(required=True)
    ends_at = fields.Time(allow_none=True, required=True)
    show_time = fields.Boolean(required=True)
    title = fields.String(required=True)
    description = fields.String(required=True)
    speakers = fields.List(fields.Nested(SpeakerSchema), required=True)
    workshops = fields.List(fields.Nested(WorkshopSchema), required=True)


class ProgrammeSchema(ma.Schema):
    conference_id = fields.Integer(required=True)
    moderator = fields.String(required=True)
    items = fields.List(fields.Nested(ProgrammeItemSchema), required=True)
    workshops_without_round = fields.List(fields.Nested(WorkshopSchema), required=True)


# --- registrations -----------------------------------------------------------------------------


class RegistrationSchema(ma.Schema):
    id = fields.Integer(required=True)
    conference_id = fields.Integer(required=True)
    status = enum_out(RegistrationStatus, required=True)
    attendance = enum_out(Attendance, required=True)
    waiting_since = fields.DateTime(allow_none=True, required=True)
    first_name = fields.String(required=True)
    last_name = fields.String(required=True)
    email = fields.String(required=True)
    phone = fields.String(required=True)
    organisation_id = fields.Integer(allow_none=True, required=True)
    organisation_name = fields.String(required=True)
    party = enum_out(Party, required=True)
    org_type = enum_out(OrganisationType, required=True)
    is_politician = fields.Boolean(required=True)
    is_volunteer = fields.Boolean(required=True)
    diets = fields.Function(
        lambda r: sorted(d.diet.value for d in r.diets),
        required=True,
        metadata={"type": "array", "items": {"type": "string", "enum": [d.value for d in Diet]}},
    )
    diet_other = fields.String(required=True)
    accessibility_needs = fields.String(required=True)
    wants_exhibition_table = fields.Boolean(required=True)
    requests_travel_reimbursement = fields.Boolean(required=True)
    requests_lost_earnings = fields.Boolean(required=True)
    locale = fields.String(required=True)
    created_at = fields.DateTime(required=True)
    updated_at = fields.DateTime(required=True)
    cancelled_at = fields.DateTime(allow_none=True, required=True)
    late_cancellation = fields.Boolean(required=True)
    cancellation_fee_ore = fields.Integer(required=True)
    checked_in_at = fields.DateTime(allow_none=True, required=True)
    anonymised_at = fields.DateTime(allow_none=True, required=True)


class RegistrationCreateSchema(Strict):
    """A registration added by staff: the registration form's fields, and the overrides."""

    first_name = text(100, required=True, blank_message=_l("Enter the first name."))
    last_name = text(100, required=True, blank_message=_l("Enter the last name."))
    email = fields.Email(required=True, validate=max_length(254), metadata={"maxLength": 254})
    phone = text(40, load_default="")
    organisation_name = text(
        300, required=True, blank_message=_l("Enter your organisation, authority or company.")
    )
    party = choice(Party, required=True)
    org_type = choice(OrganisationType, required=True)
    is_politician = boolean(load_default=False)
    is_volunteer = boolean(load_default=False)
    # "online" only where the conference offers online places.
    attendance = choice(Attendance, load_default="on_site")
    diets = fields.List(choice(Diet), load_default=list, validate=list_length(len(Diet)))
    diet_other = text(300, load_default="")
    accessibility_needs = text(2000, load_default="")
    wants_exhibition_table = boolean(load_default=False)
    requests_travel_reimbursement = boolean(load_default=False)
    requests_lost_earnings = boolean(load_default=False)
    workshop_wishes = fields.Dict(
        keys=fields.String(validate=max_length(20)),
        values=fields.List(identifier(), validate=list_length(3)),
        load_default=dict,
        validate=list_length(20),
        metadata={
            "description": "Ranked workshop ids per workshop round: {round id: [1st, 2nd, 3rd "
            "wish]} (the round is the programme item of kind `workshops`)."
        },
    )
    locale = choice(("sv", "en"), load_default="sv")
    override_deadline = boolean(
        load_default=False,
        metadata={"description": "Add even though the registration deadline has passed."},
    )
    override_capacity = boolean(
        load_default=False,
        metadata={"description": "Give a place even if the conference is full."},
    )


class StatusChangeSchema(Strict):
    """A new status: `cancelled` removes the person (the queue moves up), `confirmed` gives a
    person on the waiting list a place."""

    status = choice([RegistrationStatus.CONFIRMED, RegistrationStatus.CANCELLED], required=True)
    override_capacity = boolean(
        load_default=False,
        metadata={"description": "With `confirmed`: a place even if the conference is full."},
    )


class CheckInSchema(ma.Schema):
    registration = fields.Nested(RegistrationSchema, required=True)
    changed = fields.Boolean(
        required=True,
        metadata={"description": "False when nothing changed (already so, or another desk)."},
    )


class WaitingEntrySchema(ma.Schema):
    position = fields.Integer(required=True)
    registration = fields.Nested(RegistrationSchema, required=True)


class WaitingListSchema(ma.Schema):
    conference_id = fields.Integer(required=True)
    capacity = fields.Integer(allow_none=True, required=True)
    confirmed = fields.Integer(required=True)
    entries = fields.List(fields.Nested(WaitingEntrySchema), required=True)


# --- workshops, claims, organisations ------------------------------------------------------------


class AssignmentSchema(ma.Schema):
    id = fields.Integer(required=True)
    registration_id = fields.Integer(required=True)
    round_id = fields.Integer(required=True)
    workshop_id = fields.Integer(required=True)
    workshop_title = fields.Function(lambda a: a.workshop.title, required=True)
    locked = fields.Boolean(required=True)
    source = fields.String(required=True, metadata={"enum": ["solver", "manual"]})
    published = fields.Boolean(required=True)
    updated_at = fields.DateTime(required=True)


class ClaimSchema(ma.Schema):
    id = fields.Integer(required=True)
    registration_id = fields.Integer(required=True)
    conference_id = fields.Integer(required=True)
    state = enum_out(ClaimState, required=True)
    wants_travel = fields.Boolean(required=True)
    wants_lost_earnings = fields.Boolean(required=True)
    from_town = fields.String(required=True)
    estimate_ore = fields.Integer(required=True)
    requested_at = fields.DateTime(allow_none=True, required=True)
    preapproved_ore = fields.Integer(required=True)
    submitted_at = fields.DateTime(allow_none=True, required=True)
    claimed_ore = fields.Integer(required=True)
    claimed_travel_ore = fields.Integer(required=True)
    claimed_lost_ore = fields.Integer(required=True)
    approved_ore = fields.Integer(allow_none=True, required=True)
    approved_travel_ore = fields.Integer(required=True)
    approved_lost_ore = fields.Integer(required=True)
    decided_at = fields.DateTime(allow_none=True, required=True)
    paid_on = fields.Date(allow_none=True, required=True)
    created_at = fields.DateTime(required=True)
    updated_at = fields.DateTime(required=True)


class OrganisationSchema(ma.Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    org_type = enum_out(OrganisationType, required=True)
    party = enum_out(Party, required=True)
    town = fields.String(required=True)
    email = fields.String(allow_none=True, required=True)
    website = fields.String(allow_none=True, required=True)
    signed_agreement_on = fields.Date(allow_none=True, required=True)
    created_at = fields.DateTime(required=True)
    updated_at = fields.DateTime(required=True)


class ErrorSchema(ma.Schema):
    """Every error: a title, a readable message, and per field its messages."""

    error = fields.String(required=True)
    message = fields.String(required=True)
    errors = fields.Dict(
        keys=fields.String(),
        values=fields.List(fields.String()),
        metadata={"description": "Messages per field (dotted paths for nested fields)."},
    )
