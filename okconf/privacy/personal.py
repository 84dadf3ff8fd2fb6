"""The register of columns that may hold personal data, and what happens to each.

Every column whose name or type suggests personal data must be listed here: in `ERASED`
with the purge or erasure step that removes it, or in `KEPT` with the reason it stays.
`tests/privacy/test_personal_register.py` walks the models and fails on a column that is in
neither list, so a new personal field cannot be added without deciding its retention.
"""

from __future__ import annotations

import re

import sqlalchemy as sa

# Step names, as used in ERASED (see okconf.privacy.retention and okconf.privacy.services).
SENSITIVE = "sensitive answers, RETENTION_SENSITIVE_DAYS after the conference"
ANONYMISE = "anonymisation, RETENTION_ANONYMISE_DAYS after the conference, and erasure"
MAILS = "outbox mails, RETENTION_MAIL_DAYS after they were written, and erasure"
MESSAGE_RECIPIENTS = (
    "message recipients: deleted with the registration's erasure, and by the purge once the "
    "registration is anonymised"
)
CLAIMS = (
    "claims: RETENTION_SENSITIVE_DAYS after an unpaid claim ended, "
    "RETENTION_ACCOUNTING_YEARS after payment, and erasure of unpaid claims"
)
DAY_CHECKINS = (
    "check-ins per day: deleted with the registration's erasure, and by the purge once the "
    "registration is anonymised (whether the person came at all stays, as "
    "registrations.checked_in_at)"
)
WEBHOOKS = (
    "webhook deliveries, RETENTION_WEBHOOK_DAYS after they were delivered or written, and erasure"
)

# "table.column" -> the step that erases it.
ERASED: dict[str, str] = {
    "registrations.first_name": ANONYMISE,
    "registrations.last_name": ANONYMISE,
    "registrations.email": ANONYMISE,
    "registrations.phone": ANONYMISE,
    "registrations.diet_other": SENSITIVE,
    "registrations.accessibility_needs": SENSITIVE,
    "registration_diets.diet": SENSITIVE,
    "question_answers.value": SENSITIVE
    + " (answers to sensitive questions, their counts kept); "
    + ANONYMISE
    + " (text, number and date answers; choices stay for the statistics)",
    "question_answer_options.answer_id": SENSITIVE
    + " (the options chosen in an answer to a sensitive question, counted first)",
    "registrations.in_participant_list": ANONYMISE + " (and a hand-over)",
    "registrations.participant_list_consent_at": ANONYMISE + " (and a hand-over)",
    "companions.name": ANONYMISE
    + " (the companion goes with the participant: erasure, cancellation, a hand-over)",
    "companions.diets": SENSITIVE + " (and whenever the companion goes)",
    "companions.diet_other": SENSITIVE + " (and whenever the companion goes)",
    "companions.needs": SENSITIVE + " (and whenever the companion goes)",
    "audit_entries.details": ANONYMISE + " (entries about the registration)",
    "outbox_mails.recipient": MAILS,
    "outbox_mails.subject": MAILS,
    "outbox_mails.body_text": MAILS,
    "outbox_mails.body_html": MAILS,
    "outbox_mails.last_error": MAILS,
    "outbox_mails.params": MAILS + " (what the worker renders: a registration id, its language)",
    "outbox_attachments.filename": MAILS,
    "outbox_attachments.data": MAILS,
    "message_recipients.registration_id": MESSAGE_RECIPIENTS,
    "day_checkins.registration_id": DAY_CHECKINS,
    "day_checkins.day": DAY_CHECKINS,
    "day_checkins.checked_in_at": DAY_CHECKINS,
    "message_recipients.mail_id": MESSAGE_RECIPIENTS,
    "reimbursement_claims.payee_name": CLAIMS,
    "reimbursement_claims.clearing_number": CLAIMS,
    "reimbursement_claims.account_number": CLAIMS,
    "reimbursement_claims.account_kind": CLAIMS,
    "reimbursement_claims.request_note": CLAIMS,
    "reimbursement_claims.request_reason": CLAIMS,
    "reimbursement_claims.carpool_explanation": CLAIMS,
    "reimbursement_claims.decision_reason": CLAIMS,
    "reimbursement_claims.attendance_override": CLAIMS,
    "reimbursement_receipts.original_name": CLAIMS,
    "reimbursement_receipts.stored_name": CLAIMS,
    "webhook_deliveries.payload": WEBHOOKS,
    "webhook_deliveries.response_body": WEBHOOKS + " (a receiver's answer may echo what it got)",
    "webhook_deliveries.last_error": WEBHOOKS,
}

# "table.column" -> why it is kept.
_CONFERENCE_TEXT = "the conference's own published text, written by organisers"
_STAFF = "a staff account, kept while the account exists (admins remove accounts)"
_REGISTER = "the organisations register: business contacts, kept while the organisation is"
_NOT_PERSONAL = "not about a person"
_MESSAGE_TEXT = (
    "an organiser's message to a group: no personal data (the placeholders are filled in only "
    "in each person's mail, which the outbox purge deletes)"
)
KEPT: dict[str, str] = {
    "users.email": _STAFF,
    "users.name": _STAFF,
    "users.password_hash": _STAFF,
    "audit_entries.actor": "who on the staff acted (accountability), or 'participant'",
    "audit_entries.object_type": _NOT_PERSONAL,
    "series.name": _NOT_PERSONAL,
    "conferences.town": _CONFERENCE_TEXT,
    "organisations.town": _NOT_PERSONAL,
    "outbox_attachments.mail_id": _NOT_PERSONAL,
    "reimbursement_claims.payee_kind": "whether a person or an organisation is paid",
    "conferences.welcome_text": _CONFERENCE_TEXT,
    "checkin_links.label": "the organiser's note of which door or volunteer has a check-in link "
    "(a first name at most); goes with the conference",
    "checkin_links.token_hash": "the SHA-256 of a check-in link's random token: a key, "
    + _NOT_PERSONAL,
    "checkin_links.show_needs": "whether a check-in link's desk shows diets: a setting, "
    + _NOT_PERSONAL,
    "still_coming_questions.answer": "yes or no to 'still coming?'; goes with the registration",
    "conferences.embed_origins": "the host websites allowed to show the form: addresses of sites",
    "certificate_settings.text": _CONFERENCE_TEXT,
    "certificate_settings.signer_name": _CONFERENCE_TEXT + " (who signs its certificates)",
    "certificate_settings.signer_title": _CONFERENCE_TEXT + " (who signs its certificates)",
    "mail_introductions.mail": "which of the conference's mails the text opens",
    "mail_introductions.text_sv": _CONFERENCE_TEXT,
    "mail_introductions.text_en": _CONFERENCE_TEXT,
    "conferences.target_audience": _CONFERENCE_TEXT,
    "conferences.programme_highlights": _CONFERENCE_TEXT,
    "conferences.registration_info": _CONFERENCE_TEXT,
    "conferences.cancellation_terms": _CONFERENCE_TEXT,
    "conferences.exhibition_info": _CONFERENCE_TEXT,
    "conferences.reimbursement_rules": _CONFERENCE_TEXT,
    "conferences.venue_name": _CONFERENCE_TEXT,
    "conferences.street_address": "the venue's address, published",
    "conferences.contact_name": "the organiser's published contact for the conference",
    "conferences.contact_email": "the organiser's published contact for the conference",
    "conferences.contact_phone": "the organiser's published contact for the conference",
    "programme_items.description": _CONFERENCE_TEXT,
    "messages.subject_sv": _MESSAGE_TEXT,
    "messages.body_sv": _MESSAGE_TEXT,
    "messages.subject_en": _MESSAGE_TEXT,
    "messages.body_en": _MESSAGE_TEXT,
    "messages.recipient_count": "how many people a message went to: a number",
    "messages.picked_ids": (
        "the registrations ticked for an unsent message; cleared when it is sent (the "
        "recipients are then kept as message_recipients), and an erased registration's id "
        "points to a blanked row"
    ),
    "speakers.name": "a speaker in the published programme",
    "speakers.organisation_name": "a speaker in the published programme",
    "workshops.description": _CONFERENCE_TEXT,
    "workshops.inspirers": "the workshop's published hosts",
    "note_links.token": _NOT_PERSONAL,
    "group_notes.text": "anonymous notes from a table or workshop; no link to a person",
    "feedback_answers.next_steps": "anonymous feedback: no link to a person",
    "feedback_answers.free_text": "anonymous feedback: no link to a person",
    "invitations.email": _REGISTER + " (the address the invitation went to)",
    "invitations.contact_name": _REGISTER,
    "organisations.name": _NOT_PERSONAL,
    "organisations.email": _REGISTER,
    "contact_people.name": _REGISTER,
    "contact_people.email": _REGISTER,
    "contact_people.phone": _REGISTER,
    "questions.label_sv": "the conference's own question, written by organisers",
    "questions.label_en": "the conference's own question, written by organisers",
    "questions.help_sv": "the conference's own question, written by organisers",
    "questions.help_en": "the conference's own question, written by organisers",
    "question_options.label_sv": "an option of the conference's own question",
    "question_options.label_en": "an option of the conference's own question",
    "questions.condition_value": _NOT_PERSONAL,
    "question_purged_counts.value": "an option or yes/no: a count of purged answers, no person",
    "erasure_requests.outcome": "what an erasure kept and why (claim numbers, no personal data)",
    "registrations.organisation_name": "the organisation, kept for the statistics",
    "reimbursement_budgets.name": _NOT_PERSONAL,
    "reimbursement_claims.payment_reference": "the payment's voucher reference (accounting)",
    "reimbursement_claims.from_town": "a town, kept for the travel statistics",
    "reimbursement_legs.from_place": "a place name of the journey, part of the accounting record",
    "reimbursement_legs.to_place": "a place name of the journey, part of the accounting record",
    "reimbursement_expenses.description": "what a cost was for, part of the accounting record",
    "entered_figures.note": "the organiser's note on a conference's figures",
    "summaries.focus": "the conference's summary, written by staff",
    "summaries.knowledge": "the conference's summary, written by staff",
    "summaries.local_regional": "the conference's summary, written by staff",
    "summaries.dialogue": "the conference's summary, written by staff",
    "summaries.local_examples": "the conference's summary, written by staff",
    "summaries.principles_text": "the conference's summary, written by staff",
    "summaries.parties_positions": "the conference's summary, written by staff",
    "summaries.obstacles": "the conference's summary, written by staff",
    "summaries.opportunities": "the conference's summary, written by staff",
    "summaries.conclusions": "the conference's summary, written by staff",
    "steering_members.name": "a member of the steering group, a public office",
    "steering_members.organisation_name": "a member of the steering group, a public office",
    "steering_members.email": "a member of the steering group, a public office",
    "steering_members.note": "a member of the steering group, a public office",
    "measures.commitment": _NOT_PERSONAL,
    "measure_reports.text": "a party's report on a measure",
    "workshop_assignment_runs.details": "the solver's figures (counts and timings)",
    "outbox_mails.lease_token": "a worker's claim on a mail: a random token, not about a person",
    "webhook_deliveries.lease_token": "a worker's claim on a delivery: a random token",
    "webhooks.description": "the staff user's label of their own webhook",
    "webhooks.events": _NOT_PERSONAL,
    "webhooks.disabled_reason": _NOT_PERSONAL,
    "series_figures.note": "the organiser's note on a series' figures",
    "report_editions.signed_place_date": "the published report's signature line (place, date)",
    "report_editions.sections": "the joint report's text, written by the steering group",
    "report_editions.snapshot": "the published joint report as published (figures, public text)",
    "edition_versions.author_name": "the steering-group member who edited it (accountability)",
    "edition_versions.note": "the editor's note on a version of the joint report",
    "edition_versions.sections": "the joint report's text, written by the steering group",
    "api_tokens.name": "the label a staff user gave their API token (deleted with the account)",
    "api_tokens.token_hash": "the SHA-256 of a staff user's API token, not about a person",
}

PERSONAL_NAME = re.compile(
    r"(^|_)(name|email|mail|phone|address|payee|account|iban|clearing|note|diet|needs|"
    r"text|answer|reason|explanation|override|description|details|recipient|subject|body|"
    r"error|place|town|actor|outcome|inspirers|commitment|reference|password|token|data)(_|$)"
)


def looks_personal(column: sa.Column) -> bool:
    """True when a column's name or type suggests it may hold personal data."""
    if PERSONAL_NAME.search(column.name):
        return True
    return isinstance(column.type, sa.Text | sa.JSON | sa.LargeBinary)


def unregistered_columns(metadata: sa.MetaData) -> list[str]:
    """Columns that look personal but are in neither ERASED nor KEPT."""
    missing = []
    for table in metadata.sorted_tables:
        for column in table.columns:
            key = f"{table.name}.{column.name}"
            if looks_personal(column) and key not in ERASED and key not in KEPT:
                missing.append(key)
    return missing


def stale_entries(metadata: sa.MetaData) -> list[str]:
    """Entries of the register that name no column (a column renamed or dropped)."""
    known = {f"{t.name}.{c.name}" for t in metadata.sorted_tables for c in t.columns}
    return sorted(k for k in (*ERASED, *KEPT) if k not in known)
