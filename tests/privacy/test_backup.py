"""A backup restores every row."""

from sqlalchemy import func, select, text

from okconf.extensions import db
from okconf.privacy.backup import backup, restore
from okconf.registration.models import Registration


def snapshot():
    """Every row of every table, for comparison."""
    rows = {}
    for table in db.metadata.sorted_tables:
        rows[table.name] = sorted(
            tuple(str(v) for v in row) for row in db.session.execute(select(table)).all()
        )
    return rows


def test_backup_and_restore_find_every_row(
    app, tmp_path, make_conference, make_registration, make_user, runner
):
    make_user("admin")
    conference = make_conference()
    for _ in range(5):
        make_registration(conference, accessibility_needs="Åäö – ”citat”")
    before = snapshot()
    result = runner.invoke(args=["okconf", "backup", "--output", str(tmp_path / "b.backup")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "b.backup").stat().st_size > 0
    # Lose data after the backup.
    db.session.execute(Registration.__table__.delete())
    db.session.execute(text("DELETE FROM users"))
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(Registration)) == 0
    restore(tmp_path / "b.backup")
    db.session.remove()
    assert snapshot() == before


def test_backup_function_returns_the_file(app, tmp_path):
    path = backup(tmp_path / "nested" / "x.backup")
    assert path.exists()
