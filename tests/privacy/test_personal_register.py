"""Every column that may hold personal data is in the register, and the purge erases what the
register says it erases."""

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy import select

from okconf.clock import today as stockholm_today
from okconf.extensions import db
from okconf.features import import_models
from okconf.mail.models import MailStatus, OutboxAttachment, OutboxMail
from okconf.privacy import personal, retention, services
from okconf.registration.models import RegistrationDiet
from okconf.reimbursements.models import ClaimState
from okconf.vocabulary import Diet
from tests.privacy.test_claims_retention import make_claim


def test_every_column_that_looks_personal_is_registered():
    import_models()
    assert personal.unregistered_columns(db.metadata) == []


def test_the_register_names_only_columns_that_exist():
    import_models()
    assert personal.stale_entries(db.metadata) == []


def test_a_new_personal_column_is_caught():
    metadata = sa.MetaData()
    sa.Table(
        "reimbursement_claims",
        metadata,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("payee_name", sa.String(300)),  # registered
        sa.Column("payee_iban", sa.String(40)),
        sa.Column("home_phone", sa.String(40)),
        sa.Column("remarks", sa.Text),
        sa.Column("amount_ore", sa.Integer),
    )
    assert personal.unregistered_columns(metadata) == [
        "reimbursement_claims.payee_iban",
        "reimbursement_claims.home_phone",
        "reimbursement_claims.remarks",
    ]


def _filled(value) -> bool:
    # False: a consent withdrawn (the participant list's) holds nothing about the person.
    return value is not False and value not in (None, "", b"", {}, [])


def test_the_purge_leaves_nothing_the_register_says_it_erases(
    app, make_conference, make_registration
):
    """Fill every erased column, let every period run out, and look at every row."""
    long_ago = stockholm_today() - timedelta(days=9 * 365)
    conference = make_conference(date=long_ago)
    people = [
        make_registration(
            conference,
            diet_other="Ingen koriander",
            accessibility_needs="Rullstol",
            in_participant_list=True,
            participant_list_consent_at=datetime.now(UTC),
        )
        for _ in range(4)
    ]
    db.session.add(RegistrationDiet(registration_id=people[0].id, diet=next(iter(Diet))))
    db.session.commit()
    paid, _ = make_claim(people[0], ClaimState.PAID, paid_on=long_ago, name="paid")
    rejected, _ = make_claim(people[1], ClaimState.REJECTED, updated_days_ago=400, name="rej")
    draft, _ = make_claim(people[2], ClaimState.SUBMITTED, name="draft")
    for claim in (paid, rejected, draft):
        claim.request_note = "Jag har en sjuk mamma"
        claim.request_reason = "Beviljas"
        claim.carpool_explanation = "Ingen bil"
        claim.decision_reason = "Ok"
        claim.attendance_override = "Var där"
    from okconf import audit

    audit.record("registration.changed", people[3], first_name=people[3].first_name)
    for person in people:
        db.session.add(
            OutboxMail(
                recipient=person.email,
                subject=f"Hej {person.first_name}",
                body_text="din länk",
                body_html="<p>din länk</p>",
                conference_id=conference.id,
                status=MailStatus.PENDING,
                last_error="refused",
                attachments=[
                    OutboxAttachment(filename="a.ics", content_type="text/calendar", data=b"BEGIN")
                ],
            )
        )
    db.session.commit()
    # The mails were written long ago.
    for mail in db.session.scalars(select(OutboxMail)):
        mail.created_at = mail.created_at - timedelta(days=400)
    db.session.commit()

    retention.purge()
    db.session.commit()
    db.session.expire_all()

    left = []
    for key in personal.ERASED:
        table_name, column_name = key.split(".")
        table = db.metadata.tables[table_name]
        query = select(table.c[column_name])
        if table_name == "audit_entries":
            query = query.where(table.c.object_type == "Registration")
        for (value,) in db.session.execute(query):
            if _filled(value):
                left.append((key, value))
    assert left == []


def test_erasure_deletes_the_persons_mails_and_records_it_in_the_ledger(
    app, make_conference, make_registration, make_user
):
    from okconf.privacy.models import ErasureLedgerEntry

    conference = make_conference()
    person = make_registration(conference)
    other = make_registration(conference)
    for who in (person, other):
        db.session.add(
            OutboxMail(
                recipient=who.email.upper(),
                subject="Bekräftelse",
                body_text="länk",
                conference_id=conference.id,
            )
        )
    db.session.commit()
    erasure = services.request_erasure(person)
    services.complete_erasure(erasure, make_user("organiser"))
    db.session.commit()
    assert db.session.scalars(select(OutboxMail.recipient)).all() == [other.email.upper()]
    ledger = db.session.scalars(select(ErasureLedgerEntry)).all()
    assert [(e.registration_id, e.conference_id) for e in ledger] == [(person.id, conference.id)]


def test_pending_mails_are_purged_by_age(app):
    """With MAIL_BACKEND=log mails never leave the outbox: they go by age, whatever status."""
    for status, days in (
        (MailStatus.PENDING, 31),
        (MailStatus.SENT, 31),
        (MailStatus.PENDING, 29),
    ):
        mail = OutboxMail(recipient="a@example.org", subject="s", body_text="b", status=status)
        db.session.add(mail)
        db.session.flush()
        mail.created_at = mail.created_at - timedelta(days=days)
    db.session.commit()
    report = retention.purge(dry_run=True)
    db.session.rollback()
    assert report.mails == 2
    retention.purge()
    db.session.commit()
    assert db.session.scalar(select(sa.func.count()).select_from(OutboxMail)) == 1
    app.config["RETENTION_MAIL_DAYS"] = 10
    retention.purge()
    db.session.commit()
    assert db.session.scalar(select(sa.func.count()).select_from(OutboxMail)) == 0
