"""Sending to 2,000 people writes their mails and recipients in a bounded number of statements."""

from __future__ import annotations

import time
from contextlib import contextmanager

from sqlalchemy import event, func, insert, select

from okconf.extensions import db
from okconf.mail.models import OutboxMail
from okconf.mail.services import send_due_mails
from okconf.messages import services
from okconf.messages.models import MessageRecipient
from okconf.registration.models import Registration, RegistrationStatus
from okconf.vocabulary import OrganisationType, Party

PEOPLE = 2000


@contextmanager
def counted():
    """Count the statements sent to the database (an executemany counts once)."""
    statements = []

    def listen(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", listen)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", listen)


def test_two_thousand_recipients_in_a_bounded_number_of_statements(
    app, conference, organiser, smtp
):
    db.session.execute(
        insert(Registration),
        [
            {
                "conference_id": conference.id,
                "first_name": f"Person{n}",
                "last_name": "Exempel",
                "email": f"person{n}@example.org",
                "party": Party.CIVIL_SOCIETY,
                "org_type": OrganisationType.CIVIL_SOCIETY_ORG,
                "status": RegistrationStatus.CONFIRMED,
                "locale": "en" if n % 3 == 0 else "sv",
            }
            for n in range(PEOPLE)
        ],
    )
    db.session.commit()
    draft = services.Draft(
        subject_sv="Till {förnamn}", body_sv="Hej {förnamn}, {länk}", group="confirmed"
    )
    message = services.save_draft(conference, draft, organiser)
    db.session.commit()

    started = time.perf_counter()
    with counted() as statements:
        count = services.send(message, conference, organiser)
        db.session.commit()
    elapsed = time.perf_counter() - started

    assert count == PEOPLE
    # A few reads and writes of the message, the audit entry, and the mails and recipients
    # in batches of up to 1,000 rows: not one statement per person.
    print(f"\n{len(statements)} statements, {elapsed:.2f} s")
    assert len(statements) <= 20, statements
    inserts = [s for s in statements if s.lstrip().upper().startswith("INSERT")]
    assert len(inserts) <= 8, inserts
    assert db.session.scalar(select(func.count(OutboxMail.id))) == PEOPLE
    assert db.session.scalar(select(func.count(MessageRecipient.id))) == PEOPLE
    assert elapsed < 30  # generous on a loaded machine; it is about a second
    # Each row names its person: the first mails are rendered and sent with their own name.
    assert send_due_mails(limit=5)["sent"] == 5
    for delivered in smtp.messages:
        number = delivered["To"].removeprefix("person").split("@")[0]
        assert delivered["Subject"] == f"Till Person{number}"
