"""The organisers' messages to registrants: write, preview, test, send; the reminder."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from okconf.accounts.access import roles_required
from okconf.accounts.models import Role
from okconf.conferences.access import get_managed_conference
from okconf.db import as_id
from okconf.errors import DomainError, apply_to_form
from okconf.extensions import db
from okconf.formdata import as_choices
from okconf.messages import reminders, services
from okconf.messages.forms import ConfirmForm, PreviewForm, ReminderForm, message_form
from okconf.messages.groups import GROUPS
from okconf.messages.models import Message, MessageKind
from okconf.messages.placeholders import PLACEHOLDERS
from okconf.registration.models import Registration

bp = Blueprint("messages", __name__)

ORGANISERS = (Role.ORGANISER,)
CONFERENCE_NAV = [("messages.index", _l("Messages"), ORGANISERS, "registration")]
# Shown on the organiser's page of one registration (its history of messages).
STAFF_REGISTRATION_SECTIONS = ["messages/_registration_history.html"]
PREVIEW_CHOICES = 200
BASE = "/staff/konferenser/<int:conference_id>/meddelanden"


def _message(conference, message_id: int) -> Message:
    """The conference's message (404 when it is another conference's or the reminder)."""
    message = db.session.get(Message, message_id)
    if message is None or message.conference_id != conference.id:
        abort(404)
    if message.kind is not MessageKind.MESSAGE:
        abort(404)
    return message


def describe(message: Message, conference) -> str:
    """Who the message goes to, in words."""
    group = GROUPS.get(message.group)
    if group is None:
        return message.group
    if message.group == "picked":
        count = message.recipient_count if message.sent_at else len(message.picked_ids or [])
        return _("%(num)d people picked in the registration list", num=count)
    if group.choices is None:
        return str(group.label)
    values = dict(group.choices(conference))
    return f"{group.label}: {values.get(message.group_value, message.group_value)}"


@bp.app_template_global("messages_sent_to")
def messages_sent_to(registration):
    """The messages a registration was sent, for its history on the organiser's page."""
    return services.messages_of(registration)


@bp.route(BASE)
@roles_required(*ORGANISERS)
def index(conference_id: int):
    """The conference's messages, newest first, and its reminder before the day."""
    conference = get_managed_conference(conference_id)
    messages = db.session.scalars(
        select(Message)
        .where(Message.conference_id == conference.id, Message.kind == MessageKind.MESSAGE)
        .order_by(Message.created_at.desc(), Message.id.desc())
    ).all()
    progress = {m.id: services.progress(m) for m in messages if m.sent_at}
    reminder = reminders.reminder_of(conference)
    return render_template(
        "messages/index.html",
        conference=conference,
        messages=messages,
        progress=progress,
        describe=describe,
        reminder=reminder,
        reminder_day=reminders.reminder_day(reminder, conference) if reminder else None,
    )


def _picked_from_request() -> str:
    ids = []
    for value in request.args.getlist("registration")[: services.MAX_PICKED]:
        number = as_id(value)
        if number is not None and number < 2**31:
            ids.append(str(number))
    return ",".join(ids)


def _draft(form) -> services.Draft:
    group = form.group.data or ""
    value_field = f"value_{group}"
    return services.Draft(
        subject_sv=(form.subject_sv.data or "").strip(),
        body_sv=form.body_sv.data or "",
        subject_en=(form.subject_en.data or "").strip(),
        body_en=form.body_en.data or "",
        group=group,
        group_value=(form[value_field].data or "") if value_field in form else "",
        picked_ids=form.picked_ids() if group == "picked" else None,
    )


def _edit(conference, message: Message | None):
    picked = request.args.get("registration") is not None or bool(request.form.get("picked"))
    if message is not None and message.group == "picked":
        picked = True
    form = message_form(conference, picked, obj=message)
    if request.method == "GET":
        if message is not None:
            value_field = f"value_{message.group}"
            if value_field in form:
                form[value_field].data = message.group_value
            form.picked.data = ",".join(str(i) for i in message.picked_ids or [])
        elif picked:
            form.picked.data = _picked_from_request()
            form.group.data = "picked"
        else:
            form.group.data = "confirmed"
    if form.validate_on_submit():
        try:
            message = services.save_draft(conference, _draft(form), current_user, message)
        except DomainError as error:
            db.session.rollback()
            apply_to_form(form, error)
        else:
            db.session.commit()
            return redirect(url_for(".show", conference_id=conference.id, message_id=message.id))
    return render_template(
        "messages/edit.html",
        conference=conference,
        message=message,
        form=form,
        placeholders=PLACEHOLDERS,
        groups=GROUPS,
    )


@bp.route(f"{BASE}/nytt", methods=["GET", "POST"])
@roles_required(*ORGANISERS)
def new(conference_id: int):
    """Write a message; `?registration=…` (the list's ticked rows) picks its recipients."""
    return _edit(get_managed_conference(conference_id), None)


@bp.route(f"{BASE}/<int:message_id>/andra", methods=["GET", "POST"])
@roles_required(*ORGANISERS)
def edit(conference_id: int, message_id: int):
    """Change a message that has not been sent."""
    conference = get_managed_conference(conference_id)
    message = _message(conference, message_id)
    if message.sent_at is not None:
        flash(_("This message has been sent and can no longer be changed."), "info")
        return redirect(url_for(".show", conference_id=conference.id, message_id=message.id))
    return _edit(conference, message)


def _preview_person(message, conference, people) -> Registration | None:
    wanted = as_id(request.values.get("recipient"))
    if wanted is not None:
        for person in people:
            if person.id == wanted:
                return person
        registration = db.session.get(Registration, wanted)
        if registration is not None and registration.conference_id == conference.id:
            return registration
    return people[0] if people else None


@bp.route(f"{BASE}/<int:message_id>")
@roles_required(*ORGANISERS)
def show(conference_id: int, message_id: int):
    """A draft: preview for one real recipient, test, send. A sent message: its progress."""
    conference = get_managed_conference(conference_id)
    message = _message(conference, message_id)
    if message.sent_at is not None:
        return render_template(
            "messages/sent.html",
            conference=conference,
            message=message,
            progress=services.progress(message),
            group=describe(message, conference),
        )
    people = services.recipients(message, conference, PREVIEW_CHOICES)
    count = services.recipient_count(message, conference)
    person = _preview_person(message, conference, people)
    preview_form = PreviewForm(request.args)
    preview_form.recipient.choices = as_choices(
        (str(p.id), f"{p.full_name} ({p.email})") for p in people
    )
    preview_form.recipient.data = str(person.id) if person else ""
    subject = body = None
    if person is not None:
        subject, body = services.preview(message, person)
    return render_template(
        "messages/show.html",
        conference=conference,
        message=message,
        group=describe(message, conference),
        count=count,
        person=person,
        subject=subject,
        body=body,
        preview_form=preview_form,
        form=ConfirmForm(),
    )


@bp.route(f"{BASE}/<int:message_id>/test", methods=["POST"])
@roles_required(*ORGANISERS)
def test(conference_id: int, message_id: int):
    """Mail the organiser the message as one recipient gets it."""
    conference = get_managed_conference(conference_id)
    message = _message(conference, message_id)
    form = ConfirmForm()
    person = None
    if form.validate_on_submit():
        people = services.recipients(message, conference, PREVIEW_CHOICES)
        person = _preview_person(message, conference, people)
    if person is None:
        flash(_("Nobody is in the chosen group at the moment."), "error")
    else:
        services.send_test(message, person, current_user)
        db.session.commit()
        flash(_("A test was sent to %(email)s.", email=current_user.email), "success")
    return redirect(
        url_for(
            ".show",
            conference_id=conference.id,
            message_id=message.id,
            recipient=person.id if person else None,
        )
    )


@bp.route(f"{BASE}/<int:message_id>/skicka", methods=["POST"])
@roles_required(*ORGANISERS)
def send(conference_id: int, message_id: int):
    """Send the message to everyone in its group now."""
    conference = get_managed_conference(conference_id)
    message = _message(conference, message_id)
    if ConfirmForm().validate_on_submit():
        try:
            count = services.send(message, conference, current_user)
        except DomainError as error:
            db.session.rollback()
            flash(error.message, "error")
        else:
            db.session.commit()
            flash(
                _(
                    "The message is on its way to %(num)s people. The outbox sends it as fast "
                    "as the mail server allows.",
                    num=count,
                ),
                "success",
            )
    return redirect(url_for(".show", conference_id=conference.id, message_id=message_id))


@bp.route(f"{BASE}/<int:message_id>/ta-bort", methods=["POST"])
@roles_required(*ORGANISERS)
def delete(conference_id: int, message_id: int):
    """Throw away a draft."""
    conference = get_managed_conference(conference_id)
    message = _message(conference, message_id)
    if ConfirmForm().validate_on_submit():
        try:
            services.delete_draft(message)
        except DomainError as error:
            db.session.rollback()
            flash(error.message, "error")
            return redirect(url_for(".show", conference_id=conference.id, message_id=message_id))
        db.session.commit()
        flash(_("The draft was deleted."), "success")
    return redirect(url_for(".index", conference_id=conference.id))


@bp.route("/staff/konferenser/<int:conference_id>/paminnelse", methods=["GET", "POST"])
@roles_required(*ORGANISERS)
def reminder(conference_id: int):
    """The reminder before the day: on or off, how many days before, what it says."""
    conference = get_managed_conference(conference_id)
    message = reminders.reminder_of(conference)
    form = ReminderForm(obj=message)
    if form.validate_on_submit():
        draft = services.Draft(
            subject_sv=(form.subject_sv.data or "").strip(),
            body_sv=form.body_sv.data or "",
            subject_en=(form.subject_en.data or "").strip(),
            body_en=form.body_en.data or "",
        )
        try:
            reminders.save_reminder(
                conference, draft, form.enabled.data, form.days_before.data, current_user
            )
        except DomainError as error:
            db.session.rollback()
            apply_to_form(form, error)
        else:
            db.session.commit()
            flash(_("The reminder was saved."), "success")
            return redirect(url_for(".reminder", conference_id=conference.id))
    subject = body = person = None
    if message is not None and message.subject_sv and message.body_sv:
        people = services.recipients(message, conference, 1)
        if people:
            person = people[0]
            subject, body = services.preview(message, person)
    return render_template(
        "messages/reminder.html",
        conference=conference,
        message=message,
        form=form,
        placeholders=PLACEHOLDERS,
        day=reminders.reminder_day(message, conference) if message else None,
        person=person,
        subject=subject,
        body=body,
    )
