"""Reading the audit log: one conference's entries, filtered and paged, in plain words."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask_babel import get_timezone
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from okconf.audit.models import AuditEntry
from okconf.extensions import db

PAGE_SIZE = 50

# What each action means, in the interface's words: every action okconf records has one
# (tests/privacy/test_audit_labels.py); an unknown one (older data) shows its key.
ACTIONS = {
    "conference.created": _l("Conference created"),
    "conference.updated": _l("Conference changed"),
    "conference.copied": _l("Conference copied"),
    "conference.published": _l("Conference published"),
    "conference.unpublished": _l("Conference unpublished"),
    "programme.item_saved": _l("Programme item saved"),
    "programme.item_deleted": _l("Programme item removed"),
    "programme.moderator_set": _l("Moderator set"),
    "programme.workshop_added": _l("Workshop added"),
    "programme.workshop_deleted": _l("Workshop removed"),
    "question.added": _l("Question added to the form"),
    "question.changed": _l("Question changed"),
    "question.hidden": _l("Question hidden from the form"),
    "question.shown": _l("Question shown on the form again"),
    "question.deleted": _l("Question deleted"),
    "invitations.sent": _l("Invitations sent"),
    "invitations.reminded": _l("Reminders sent"),
    "registration.created": _l("Registration made"),
    "registration.updated": _l("Registration changed"),
    "registration.cancelled": _l("Registration cancelled"),
    "registration.handed_over": _l("Place handed over"),
    "registration.promoted": _l("Place given from the waiting list"),
    "registration.walk_in": _l("Walk-in registered"),
    "registration.check_in": _l("Checked in"),
    "registration.check_in_undone": _l("Check-in undone"),
    "export.attendees": _l("Participant list exported"),
    "export.catering": _l("Catering list exported"),
    "export.workshops": _l("Workshop lists exported"),
    "export.badges": _l("Name badges exported"),
    "export.exhibition_tables": _l("Exhibition tables exported"),
    "export.workshop_placements": _l("Workshop placements exported"),
    "export.workshop_print": _l("Workshop lists printed"),
    "reimbursement.rules_saved": _l("Reimbursement rules saved"),
    "reimbursement.requested": _l("Request sent"),
    "reimbursement.pre_approved": _l("Request pre-approved"),
    "reimbursement.declined": _l("Request declined"),
    "reimbursement.submitted": _l("Claim sent"),
    "reimbursement.first_approval": _l("First approval"),
    "reimbursement.approved": _l("Claim granted"),
    "reimbursement.rejected": _l("Claim rejected"),
    "reimbursement.returned": _l("Claim returned for completion"),
    "reimbursement.paid": _l("Marked paid"),
    "reimbursement.withdrawn": _l("Withdrawn"),
    "reimbursement.receipt_opened": _l("Receipt opened"),
    "reimbursement.allocation_set": _l("Allocation set"),
    "workshops.run": _l("Workshop assignment run"),
    "workshops.publish": _l("Workshop assignment published"),
    "workshops.unpublish": _l("Workshop assignment unpublished"),
    "workshops.move": _l("Participant moved to another workshop"),
    "workshops.tables": _l("Tables laid"),
    "summary.saved": _l("Summary saved"),
    "summary.submit": _l("Summary sent to the steering group"),
    "summary.approve": _l("Summary approved"),
    "summary.return": _l("Summary returned to the organiser"),
    "summary.reopen": _l("Approved summary reopened"),
    "figures.entered": _l("Figures entered"),
    "messages.sent": _l("Message sent"),
    "messages.reminder_saved": _l("Reminder before the day saved"),
    "messages.reminder_sent": _l("Reminder before the day sent"),
    "conference.cancelled": _l("Conference cancelled"),
    "conference.reinstated": _l("Cancellation of the conference undone"),
    "conference.embed_origins": _l("Websites that may show the form changed"),
    "certificates.settings": _l("Certificate of attendance changed"),
    "certificates.mailed": _l("Certificate of attendance mailed"),
    "still_coming.settings": _l("'Still coming?' setting changed"),
    "still_coming.asked": _l("Asked whether they still come"),
    "still_coming.reminded": _l("Reminded to answer whether they still come"),
    "still_coming.answered": _l("Answered whether they still come"),
    "webhook.created": _l("Webhook created"),
    "webhook.updated": _l("Webhook changed"),
    "webhook.switched_on": _l("Webhook switched on"),
    "webhook.switched_off": _l("Webhook switched off"),
    "webhook.secret_renewed": _l("Webhook secret renewed"),
    "webhook.deleted": _l("Webhook deleted"),
    "programme.item_added": _l("Programme item added"),
    "programme.item_restored": _l("Programme item restored"),
    "programme.workshop_saved": _l("Workshop saved"),
    "registration.reinstated": _l("Registration reinstated"),
    "registration.attendance_changed": _l("Switched between on site and online"),
    "registration.email_corrected": _l("Email address corrected"),
    "registration.duplicates_kept": _l("Possible duplicates kept apart"),
    "registration.duplicates_merged": _l("Duplicate registrations merged"),
    "registration.stream_links_sent": _l("Stream links sent"),
    "companion.added": _l("Companion added"),
    "companion.changed": _l("Companion changed"),
    "companion.removed": _l("Companion removed"),
    "companion.places_recounted": _l("Companions' places counted again"),
    "companion.check_in": _l("Companion checked in"),
    "companion.check_in_undone": _l("Companion's check-in undone"),
    "workshop.check_in": _l("Checked in at a workshop"),
    "workshop.check_in_undone": _l("Check-in at a workshop undone"),
    "checkin_link.create": _l("Check-in link for volunteers created"),
    "checkin_link.revoke": _l("Check-in link for volunteers revoked"),
    "participant_list.visibility": _l("Participant list's visibility changed"),
    "participant_list.consent": _l("Consent to the participant list changed"),
    "reimbursement.request_pre_approved": _l("Request pre-approved"),
    "reimbursement.request_declined": _l("Request declined"),
    "reimbursement.budget_created": _l("Budget created"),
    "reimbursement.budget_changed": _l("Budget changed"),
    "reimbursement.series_rules_saved": _l("Reimbursement rules of the series saved"),
    "reimbursement.payment_list_exported": _l("Payment list exported"),
    "reimbursement.sie_exported": _l("Bookkeeping file (SIE) exported"),
    "workshops.preferences": _l("Workshop wishes changed"),
    "workshops.place_late": _l("Late registration placed in a workshop"),
    "workshops.lock": _l("Workshop placement locked"),
    "workshops.unlock": _l("Workshop placement unlocked"),
    "workshops.cancel": _l("Workshop cancelled"),
    "workshops.reinstate": _l("Cancelled workshop reinstated"),
    "workshops.move_table": _l("Participant moved to another table"),
    "groupwork.link_rotated": _l("Group work link renewed"),
    "groupwork.note_edited": _l("Group work note edited"),
    "groupwork.note_hidden": _l("Group work note hidden"),
    "groupwork.note_shown": _l("Group work note shown again"),
    "groupwork.notes_merged": _l("Group work notes merged"),
    "groupwork.note_unmerged": _l("Merged group work note split again"),
    "groupwork.feedback_sent": _l("Group work summary sent"),
    "mailtexts.saved": _l("Mail texts saved"),
    "mail.retry": _l("Mail sent again"),
    "mail.attachment_opened": _l("Mail attachment opened"),
    "steering.member_added": _l("Steering group member added"),
    "steering.member_removed": _l("Steering group member removed"),
    "steering.measure_added": _l("Measure added"),
    "steering.progress_reported": _l("Progress reported"),
    "figures.cleared": _l("Figures cleared"),
    "edition.created": _l("Report edition created"),
    "edition.saved": _l("Report edition saved"),
    "edition.submit": _l("Report edition sent for review"),
    "edition.return": _l("Report edition returned to draft"),
    "edition.approve": _l("Report edition approved"),
    "edition.reopen": _l("Approved report edition reopened"),
    "edition.publish": _l("Report edition published"),
    "export.joint_report": _l("Joint report exported"),
    "export.annual_report": _l("Annual report exported"),
    "privacy.erasure_requested": _l("Erasure requested"),
    "privacy.erasure_completed": _l("Erasure completed"),
    "privacy.erasures_reapplied": _l("Erasures applied again"),
    "privacy.purge": _l("Personal data deleted on schedule"),
    "privacy.retention_changed": _l("Retention periods changed"),
    "organisation.created": _l("Organisation added"),
    "organisation.updated": _l("Organisation changed"),
    "organisation.deleted": _l("Organisation deleted"),
    "organisation.contact_saved": _l("Organisation's contact saved"),
    "organisation.contact_deleted": _l("Organisation's contact deleted"),
    "organisations.imported": _l("Organisations imported"),
    "user.created": _l("User account created"),
    "user.login": _l("Signed in"),
    "user.password_changed": _l("Password changed"),
    "api_token.created": _l("API token created"),
    "api_token.revoked": _l("API token revoked"),
}

OBJECTS = {"registration": "Registration", "claim": "Claim"}


def action_label(action: str) -> str:
    """The action in words, or its key when it has none."""
    label = ACTIONS.get(action)
    return str(label) if label is not None else action


@dataclass
class LogFilter:
    """What the organiser narrowed the log to; empty fields do not narrow."""

    action: str = ""
    user_id: int | None = None
    since: date | None = None
    until: date | None = None
    object_type: str = ""  # "registration" or "claim"
    object_id: int | None = None

    def as_args(self) -> dict:
        """The filter as query-string arguments (for paging links)."""
        args = {
            "action": self.action,
            "person": self.user_id or "",
            "since": self.since.isoformat() if self.since else "",
            "until": self.until.isoformat() if self.until else "",
        }
        if self.object_type and self.object_id:
            args[self.object_type] = self.object_id
        return {k: v for k, v in args.items() if v not in ("", None)}


@dataclass
class LogPage:
    """One page of entries, and how many there are in all."""

    entries: list[AuditEntry]
    total: int
    page: int
    pages: int


def _moment(day: date) -> datetime:
    """Midnight of a day in Stockholm, as the aware moment entries are compared with."""
    return datetime.combine(day, time.min, tzinfo=ZoneInfo(str(get_timezone())))


def _conditions(conference_id: int, filters: LogFilter) -> list:
    conditions = [AuditEntry.conference_id == conference_id]
    if filters.action:
        conditions.append(AuditEntry.action == filters.action)
    if filters.user_id:
        conditions.append(AuditEntry.user_id == filters.user_id)
    if filters.since:
        conditions.append(AuditEntry.at >= _moment(filters.since))
    if filters.until:
        conditions.append(AuditEntry.at < _moment(filters.until + timedelta(days=1)))
    if filters.object_type in OBJECTS and filters.object_id:
        wanted = [
            (AuditEntry.object_type == OBJECTS[filters.object_type])
            & (AuditEntry.object_id == filters.object_id)
        ]
        if filters.object_type == "registration":
            # A registration's history includes what happened to its reimbursement claim.
            from okconf.reimbursements.models import Claim

            claim_ids = select(Claim.id).where(Claim.registration_id == filters.object_id)
            wanted.append((AuditEntry.object_type == "Claim") & AuditEntry.object_id.in_(claim_ids))
        conditions.append(or_(*wanted))
    return conditions


def log_page(conference_id: int, filters: LogFilter, page: int = 1) -> LogPage:
    """The conference's entries matching the filter, newest first, one page of them."""
    conditions = _conditions(conference_id, filters)
    total = db.session.scalar(select(func.count(AuditEntry.id)).where(*conditions)) or 0
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(page, 1), pages)
    entries = db.session.scalars(
        select(AuditEntry)
        .options(selectinload(AuditEntry.user))
        .where(*conditions)
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        .offset((page - 1) * PAGE_SIZE)
        .limit(PAGE_SIZE)
    ).all()
    return LogPage(entries=list(entries), total=total, page=page, pages=pages)


def choices(conference_id: int) -> tuple[list[str], list[tuple[int, str]]]:
    """The actions and the staff people that occur in the conference's log, for the filters."""
    from okconf.accounts.models import User

    actions = db.session.scalars(
        select(AuditEntry.action)
        .where(AuditEntry.conference_id == conference_id)
        .distinct()
        .order_by(AuditEntry.action)
    ).all()
    people = db.session.execute(
        select(User.id, User.name)
        .where(
            User.id.in_(select(AuditEntry.user_id).where(AuditEntry.conference_id == conference_id))
        )
        .order_by(User.name)
    ).all()
    return list(actions), [(uid, name) for uid, name in people]
