"""Backups hold the receipts, are rotated, and a restore makes the erasures made since again."""

import os
import tarfile
import time
from datetime import timedelta

from sqlalchemy import select

from okconf.clock import today as stockholm_today
from okconf.extensions import db
from okconf.mail.models import OutboxMail
from okconf.privacy import services
from okconf.privacy.backup import backup, restore, rotate
from okconf.privacy.models import ErasureLedgerEntry, ErasureRequest, ErasureState
from okconf.registration.models import Registration
from okconf.reimbursements.models import Claim, ClaimState
from tests.privacy.test_claims_retention import make_claim


def test_a_backup_holds_the_database_and_the_receipts(
    app, tmp_path, make_conference, make_registration
):
    person = make_registration(make_conference())
    _claim, receipt = make_claim(person, ClaimState.PAID, paid_on=stockholm_today(), name="b")
    path = backup(tmp_path / "okconf-1.backup")
    with tarfile.open(path) as archive:
        names = archive.getnames()
    assert "manifest.json" in names and "database" in names
    assert f"uploads/receipts/{receipt.name}" in names
    assert oct(path.stat().st_mode & 0o777) == "0o600"


def test_restore_brings_back_the_receipts_and_reapplies_erasures(
    app, tmp_path, make_conference, make_registration, make_user
):
    conference = make_conference()
    kept, gone = make_registration(conference), make_registration(conference)
    _claim, kept_receipt = make_claim(kept, ClaimState.PAID, paid_on=stockholm_today(), name="k")
    draft, gone_receipt = make_claim(gone, ClaimState.SUBMITTED, name="g")
    db.session.add(
        OutboxMail(
            recipient=gone.email, subject="Hej", body_text="länk", conference_id=conference.id
        )
    )
    erasure = services.request_erasure(gone)
    db.session.commit()
    gone_id, gone_email, draft_id = gone.id, gone.email, draft.id
    path = backup(tmp_path / "okconf-before.backup")

    # After the backup: the person is erased, and a receipt file is lost.
    services.complete_erasure(erasure, make_user("organiser"))
    db.session.commit()
    assert not gone_receipt.exists()
    kept_receipt.unlink()

    again = restore(path)
    db.session.remove()
    assert again == [gone_id]
    assert kept_receipt.exists()  # the receipts came back with the database
    assert not gone_receipt.exists()  # the erased person's did not
    person = db.session.get(Registration, gone_id)
    assert person.anonymised_at is not None and person.email == ""
    assert db.session.get(Claim, draft_id) is None
    assert db.session.scalars(select(OutboxMail.recipient)).all() == []
    request = db.session.scalar(select(ErasureRequest))
    assert request.state is ErasureState.COMPLETED
    assert [e.registration_id for e in db.session.scalars(select(ErasureLedgerEntry))] == [gone_id]
    assert gone_email not in str(
        db.session.execute(select(Registration.email, Registration.first_name)).all()
    )
    # Restoring again changes nothing more.
    assert restore(path) == [gone_id]
    db.session.remove()
    assert db.session.get(Registration, gone_id).email == ""


def test_restore_applies_the_retention_purge(app, tmp_path, make_conference, make_registration):
    conference = make_conference(date=stockholm_today() - timedelta(days=10))
    make_registration(conference, accessibility_needs="Hörslinga")
    path = backup(tmp_path / "okconf-x.backup")
    app.config["RETENTION_SENSITIVE_DAYS"] = 5
    restore(path)
    db.session.remove()
    assert db.session.scalars(select(Registration.accessibility_needs)).all() == [""]


def test_rotate_deletes_only_old_okconf_backups(app, tmp_path):
    old, new, other = (
        tmp_path / "okconf-old.backup",
        tmp_path / "okconf-new.backup",
        tmp_path / "notes.txt",
    )
    for path in (old, new, other):
        path.write_text("x")
    long_ago = time.time() - 31 * 86400
    os.utime(old, (long_ago, long_ago))
    os.utime(other, (long_ago, long_ago))
    assert rotate(tmp_path) == [old]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt", "okconf-new.backup"]
    app.config["BACKUP_RETENTION_DAYS"] = 0
    assert rotate(tmp_path, now=time.time() + 10) == [new]


def test_the_backup_command_rotates(app, runner, tmp_path):
    stale = tmp_path / "okconf-20000101-000000.backup"
    stale.write_text("x")
    os.utime(stale, (0, 0))
    result = runner.invoke(args=["okconf", "backup", "--output", str(tmp_path / "okconf-n.backup")])
    assert result.exit_code == 0, result.output
    assert "Deleted old backup" in result.output
    assert not stale.exists() and (tmp_path / "okconf-n.backup").exists()


def test_an_archive_with_a_path_outside_is_refused(app, tmp_path):
    import io

    import pytest

    from okconf.errors import DomainError

    evil = tmp_path / "evil.backup"
    with tarfile.open(evil, "w:gz") as archive:
        data = b"x"
        info = tarfile.TarInfo("../../etc/okconf")
        info.size = len(data)
        archive.addfile(info, io.BytesIO(data))
    with pytest.raises(DomainError):
        restore(evil)


def test_the_privacy_page_states_the_mail_and_backup_periods(app, client):
    app.config.update(RETENTION_MAIL_DAYS=14, BACKUP_RETENTION_DAYS=21)
    text = client.get("/integritet").get_data(as_text=True)
    assert "Deleted 14 days after they were sent." in text
    assert "Backups are kept for 21 days." in text


def test_restore_onto_an_empty_database(app, tmp_path, make_conference, make_registration):
    make_registration(make_conference(), first_name="Kvar")
    path = backup(tmp_path / "okconf-full.backup")
    db.session.remove()
    db.drop_all()
    assert restore(path) == []
    db.session.remove()
    assert db.session.scalars(select(Registration.first_name)).all() == ["Kvar"]
