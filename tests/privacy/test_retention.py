"""The purge erases what is due, keeps what statistics need, and is idempotent."""

from datetime import timedelta

from sqlalchemy import func, select

from okconf.clock import today as stockholm_today
from okconf.db import utcnow
from okconf.extensions import db
from okconf.mail.models import MailStatus, OutboxMail
from okconf.privacy import retention
from okconf.registration.models import Registration, RegistrationDiet, RegistrationStatus
from okconf.vocabulary import Diet, OrganisationType, Party


def figures(conference_id):
    """The participation figures a report shows: per party, attended, per type, per workshop."""
    rows = db.session.execute(
        select(
            Registration.party,
            Registration.org_type,
            Registration.status,
            Registration.checked_in_at.is_not(None),
            Registration.organisation_name,
            func.count(),
        )
        .where(Registration.conference_id == conference_id)
        .group_by(
            Registration.party,
            Registration.org_type,
            Registration.status,
            Registration.checked_in_at.is_not(None),
            Registration.organisation_name,
        )
    ).all()
    return sorted((str(r[0]), str(r[1]), str(r[2]), r[3], r[4], r[5]) for r in rows)


def setup_conference(make_conference, make_registration, days_ago):
    conference = make_conference(date=stockholm_today() - timedelta(days=days_ago))
    people = []
    for i in range(6):
        person = make_registration(
            conference,
            party=[Party.CIVIL_SOCIETY, Party.PUBLIC_SECTOR, Party.BUSINESS_OTHER][i % 3],
            org_type=[
                OrganisationType.CIVIL_SOCIETY_ORG,
                OrganisationType.MUNICIPALITY,
                OrganisationType.COMPANY,
            ][i % 3],
            accessibility_needs="Rullstol" if i == 0 else "",
            diet_other="Inga svampar" if i == 1 else "",
            checked_in_at=utcnow() if i % 2 else None,
        )
        people.append(person)
    db.session.add(RegistrationDiet(registration_id=people[2].id, diet=Diet.GLUTEN_FREE))
    db.session.commit()
    return conference, people


def test_nothing_is_erased_before_the_period(app, make_conference, make_registration):
    _conference, people = setup_conference(make_conference, make_registration, days_ago=10)
    report = retention.purge()
    db.session.commit()
    assert report.total == 0
    assert db.session.get(Registration, people[0].id).accessibility_needs == "Rullstol"


def test_sensitive_answers_go_after_30_days_and_names_stay(app, make_conference, make_registration):
    conference, people = setup_conference(make_conference, make_registration, days_ago=31)
    before = figures(conference.id)
    report = retention.purge()
    db.session.commit()
    assert report.sensitive == {conference.id: sorted(p.id for p in people[:3])}
    assert report.anonymised == {}
    assert db.session.scalar(select(func.count()).select_from(RegistrationDiet)) == 0
    first = db.session.get(Registration, people[0].id)
    assert first.accessibility_needs == ""
    assert first.first_name == people[0].first_name
    assert db.session.get(Registration, people[1].id).diet_other == ""
    assert figures(conference.id) == before


def test_dry_run_changes_nothing(app, make_conference, make_registration):
    conference, people = setup_conference(make_conference, make_registration, days_ago=400)
    report = retention.purge(dry_run=True)
    db.session.rollback()
    assert report.dry_run
    assert len(report.anonymised[conference.id]) == 6
    assert "would anonymise 6" in " ".join(report.lines())
    assert db.session.get(Registration, people[0].id).email == people[0].email


def test_anonymising_keeps_report_figures_and_is_idempotent(
    app, make_conference, make_registration
):
    conference, people = setup_conference(make_conference, make_registration, days_ago=400)
    cancelled = make_registration(
        conference, status=RegistrationStatus.CANCELLED, late_cancellation=True
    )
    before = figures(conference.id)
    old_version = db.session.get(Registration, people[0].id).link_version
    report = retention.purge()
    db.session.commit()
    assert len(report.anonymised[conference.id]) == 7
    person = db.session.get(Registration, people[0].id)
    assert (person.first_name, person.last_name, person.email, person.phone) == ("", "", "", "")
    assert person.anonymised_at is not None
    assert person.link_version == old_version + 1
    assert db.session.get(Registration, cancelled.id).late_cancellation is True
    assert figures(conference.id) == before
    again = retention.purge()
    db.session.commit()
    assert again.total == 0


def test_a_conference_may_keep_data_shorter(app, make_conference, make_registration):
    conference, _people = setup_conference(make_conference, make_registration, days_ago=3)
    retention.set_periods(conference, sensitive_days=2, anonymise_days=None)
    db.session.commit()
    report = retention.purge()
    db.session.commit()
    assert conference.id in report.sensitive
    assert report.anonymised == {}


def test_mails_are_deleted_after_the_mail_period_whatever_their_status(app):
    old = OutboxMail(
        recipient="a@example.org",
        subject="s",
        body_text="Hej Anna",
        status=MailStatus.SENT,
        sent_at=utcnow() - timedelta(days=40),
    )
    recent = OutboxMail(
        recipient="b@example.org",
        subject="s",
        body_text="Hej Bo",
        status=MailStatus.SENT,
        sent_at=utcnow() - timedelta(days=2),
    )
    waiting = OutboxMail(
        recipient="c@example.org",
        subject="s",
        body_text="Hej Cecilia",
        created_at=utcnow() - timedelta(days=60),
    )
    db.session.add_all([old, recent, waiting])
    db.session.commit()
    report = retention.purge()
    db.session.commit()
    assert report.mails == 2
    remaining = set(db.session.scalars(select(OutboxMail.recipient)))
    assert remaining == {"b@example.org"}  # the pending one goes too (MAIL_BACKEND=log)


def test_purge_command_dry_run_and_real(app, runner, make_conference, make_registration):
    _conference, people = setup_conference(make_conference, make_registration, days_ago=31)
    result = runner.invoke(args=["okconf", "purge", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "would erase dietary and accessibility answers of 3" in result.output
    db.session.expire_all()
    assert db.session.get(Registration, people[0].id).accessibility_needs == "Rullstol"
    result = runner.invoke(args=["okconf", "purge"])
    assert "erased dietary and accessibility answers of 3" in result.output
    db.session.expire_all()
    assert db.session.get(Registration, people[0].id).accessibility_needs == ""
    result = runner.invoke(args=["okconf", "purge"])
    assert "nothing to erase" in result.output
