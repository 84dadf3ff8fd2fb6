"""The attendee list export (CSV for Swedish Excel, XLSX), streamed.

Rows are read with `yield_per` (a server-side cursor on PostgreSQL) and written as they come,
so 20,000 registrations never sit in memory at once. The generator runs after the request has
ended, so it needs no Flask context: it gets an engine, and `Labels` holds every translated
word the rows need, taken in the user's language while the request was alive.
"""

from __future__ import annotations

import io
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from okconf.organisations.models import Organisation
from okconf.registration.models import Registration, RegistrationStatus
from okconf.spreadsheets import CsvWriter, XlsxBook
from okconf.vocabulary import OrganisationType, Party

BATCH = 1000
STOCKHOLM = ZoneInfo("Europe/Stockholm")


@dataclass(frozen=True)
class Labels:
    """The translated words of a row, fixed in the request's language."""

    yes: str
    no: str
    party: dict
    org_type: dict
    status: dict
    late: str

    @classmethod
    def current(cls) -> Labels:
        """The words in the current user's language."""
        return cls(
            yes=_("Yes"),
            no=_("No"),
            party={p.value: p.label for p in Party},
            org_type={t.value: t.label for t in OrganisationType},
            status={
                RegistrationStatus.CONFIRMED.value: _("Confirmed"),
                RegistrationStatus.WAITING.value: _("Waiting list"),
                RegistrationStatus.CANCELLED.value: _("Cancelled"),
            },
            late=_("Cancelled late"),
        )

    def flag(self, value: bool) -> str:
        """Yes or No."""
        return self.yes if value else self.no


def _when(value) -> str:
    return value.astimezone(STOCKHOLM).strftime("%Y-%m-%d %H:%M") if value else ""


def _status(row, words: Labels) -> str:
    if row.status == RegistrationStatus.CANCELLED and row.late_cancellation:
        return words.late
    return words.status[RegistrationStatus(row.status).value]


@dataclass(frozen=True)
class Column:
    """An exportable column: its translated heading and how to read it from a row."""

    key: str
    heading: object
    value: Callable


# Dietary and accessibility needs are not offered here: they go to the catering list only.
COLUMNS = (
    Column("first_name", _l("First name"), lambda r, w: r.first_name),
    Column("last_name", _l("Last name"), lambda r, w: r.last_name),
    Column("email", _l("Email"), lambda r, w: r.email),
    Column("phone", _l("Phone"), lambda r, w: r.phone),
    Column("organisation", _l("Organisation"), lambda r, w: r.organisation),
    Column("party", _l("Sector"), lambda r, w: w.party[Party(r.party).value]),
    Column(
        "org_type",
        _l("Type of organisation"),
        lambda r, w: w.org_type[OrganisationType(r.org_type).value],
    ),
    Column("politician", _l("Elected politician"), lambda r, w: w.flag(r.is_politician)),
    Column("status", _l("Status"), _status),
    Column("registered_at", _l("Registered on"), lambda r, w: _when(r.created_at)),
    Column("checked_in_at", _l("Checked in at"), lambda r, w: _when(r.checked_in_at)),
    Column(
        "exhibition_table", _l("Exhibition table"), lambda r, w: w.flag(r.wants_exhibition_table)
    ),
    Column("volunteer", _l("Volunteer"), lambda r, w: w.flag(r.is_volunteer)),
)
COLUMNS_BY_KEY = {c.key: c for c in COLUMNS}
DEFAULT_COLUMNS = ("first_name", "last_name", "email", "organisation", "party", "org_type")

# Which registrations an export covers.
SCOPES = {
    "confirmed": _l("Confirmed places"),
    "attended": _l("Checked in"),
    "waiting": _l("Waiting list"),
    "all": _l("All, including cancelled"),
}


def chosen_columns(keys: Iterable[str]) -> list[Column]:
    """The columns the organiser ticked, in the standard order (the default when none)."""
    keys = set(keys or ()) & set(COLUMNS_BY_KEY) or set(DEFAULT_COLUMNS)
    return [c for c in COLUMNS if c.key in keys]


@dataclass(frozen=True)
class QuestionColumn:
    """One of the conference's own questions as an export column, its words fixed."""

    question_id: int
    heading: str
    has_options: bool
    # Option id or "yes"/"no" -> its label; other answers are written as stored.
    labels: dict
    decimal_comma: bool = False

    def cell(self, value: str, chosen: list[int]) -> str:
        """The answer as the cell shows it."""
        if self.has_options:
            return ", ".join(self.labels.get(str(o), "") for o in chosen)
        if value in self.labels:
            return self.labels[value]
        return value.replace(".", ",") if self.decimal_comma else value


def question_columns(conference, keys, locale: str) -> tuple[QuestionColumn, ...]:
    """The conference's questions whose "question_<id>" key was ticked (never sensitive ones:
    they stay with the diets)."""
    from okconf.questions.services import questions_of

    keys = set(keys or ())
    out = []
    for q in questions_of(conference):
        if q.sensitive or q.field_name not in keys:
            continue
        labels = {str(o.id): o.label(locale) for o in q.options}
        labels.update({"yes": _("Yes"), "no": _("No")} if q.kind.value == "yes_no" else {})
        out.append(
            QuestionColumn(
                question_id=q.id,
                heading=q.label(locale),
                has_options=q.kind.has_options,
                labels=labels,
                decimal_comma=q.kind.value == "number" and locale.startswith("sv"),
            )
        )
    return tuple(out)


def _answers(session, columns, registration_ids) -> dict:
    """{registration id: {question id: (value, [option ids])}} for one batch."""
    from okconf.questions.models import Answer, AnswerOption

    out: dict = {}
    if not columns or not registration_ids:
        return out
    rows = session.execute(
        select(Answer.id, Answer.registration_id, Answer.question_id, Answer.value).where(
            Answer.registration_id.in_(registration_ids),
            Answer.question_id.in_([c.question_id for c in columns]),
        )
    ).all()
    chosen: dict = {}
    for answer_id, option_id in session.execute(
        select(AnswerOption.answer_id, AnswerOption.option_id).where(
            AnswerOption.answer_id.in_([r.id for r in rows])
        )
    ):
        chosen.setdefault(answer_id, []).append(option_id)
    for row in rows:
        out.setdefault(row.registration_id, {})[row.question_id] = (
            row.value,
            sorted(chosen.get(row.id, [])),
        )
    return out


@dataclass(frozen=True)
class AttendeeExport:
    """What to export: everything the streaming generator needs, no Flask context."""

    engine: Engine
    conference_id: int
    columns: tuple[Column, ...]
    headings: tuple[str, ...]
    scope: str
    words: Labels
    questions: tuple[QuestionColumn, ...] = ()

    @classmethod
    def prepare(cls, engine, conference_id: int, keys, scope: str, questions=()) -> AttendeeExport:
        """Fix the columns, headings and words in the current language."""
        questions = tuple(questions)
        # The standard columns ticked; the default ones only when nothing at all was.
        base = [k for k in keys or () if k in COLUMNS_BY_KEY]
        columns = tuple(chosen_columns(base)) if base or not questions else ()
        return cls(
            engine=engine,
            conference_id=conference_id,
            columns=columns,
            headings=tuple(str(c.heading) for c in columns) + tuple(q.heading for q in questions),
            scope=scope if scope in SCOPES else "confirmed",
            words=Labels.current(),
            questions=questions,
        )

    def query(self):
        """The rows' query, plain columns only (no ORM objects kept in an identity map)."""
        query = (
            select(
                Registration.id,
                Registration.first_name,
                Registration.last_name,
                Registration.email,
                Registration.phone,
                func.coalesce(Organisation.name, Registration.organisation_name).label(
                    "organisation"
                ),
                Registration.party,
                Registration.org_type,
                Registration.is_politician,
                Registration.status,
                Registration.late_cancellation,
                Registration.created_at,
                Registration.checked_in_at,
                Registration.wants_exhibition_table,
                Registration.is_volunteer,
            )
            .outerjoin(Organisation, Registration.organisation_id == Organisation.id)
            .where(Registration.conference_id == self.conference_id)
            .order_by(
                func.lower(Registration.last_name),
                func.lower(Registration.first_name),
                Registration.id,
            )
        )
        if self.scope == "confirmed":
            query = query.where(Registration.status == RegistrationStatus.CONFIRMED)
        elif self.scope == "attended":
            query = query.where(Registration.checked_in_at.is_not(None))
        elif self.scope == "waiting":
            query = query.where(Registration.status == RegistrationStatus.WAITING)
        return query

    def count(self) -> int:
        """How many rows the export holds (for the audit log)."""
        with Session(self.engine) as session:
            inner = self.query().order_by(None).subquery()
            return session.scalar(select(func.count()).select_from(inner)) or 0

    def rows(self) -> Iterator[list[str]]:
        """Each registration as its chosen cells, fetched a batch at a time."""
        with Session(self.engine) as session:
            result = session.execute(self.query().execution_options(yield_per=BATCH))
            if not self.questions:
                for row in result:
                    yield [c.value(row, self.words) for c in self.columns]
                return
            for batch in result.partitions():
                answers = _answers(session, self.questions, [row.id for row in batch])
                for row in batch:
                    mine = answers.get(row.id, {})
                    yield [c.value(row, self.words) for c in self.columns] + [
                        q.cell(*mine.get(q.question_id, ("", []))) for q in self.questions
                    ]

    def iter_csv(self) -> Iterator[bytes]:
        """CSV for Swedish Excel: UTF-8 with BOM, semicolons; a chunk every 500 rows."""
        buffer = io.StringIO()
        writer = CsvWriter(buffer)
        buffer.write("\ufeff")
        writer.writerow(self.headings)
        for n, cells in enumerate(self.rows(), 1):
            writer.writerow(cells)
            if n % 500 == 0:
                yield buffer.getvalue().encode("utf-8")
                buffer.seek(0)
                buffer.truncate()
        yield buffer.getvalue().encode("utf-8")

    def write_xlsx(self, sheet_name: str) -> str:
        """Write an XLSX file in constant memory to a temporary path, and return the path."""
        handle, path = tempfile.mkstemp(suffix=".xlsx", prefix="okconf-export-")
        os.close(handle)
        book = XlsxBook(path)
        try:
            sheet = book.sheet(sheet_name)
            sheet.write_row(self.headings, bold=True)
            for cells in self.rows():
                sheet.write_row(cells)
        except BaseException:
            book.close()
            os.unlink(path)
            raise
        book.close()
        return path


def iter_file(path: str, chunk: int = 64 * 1024) -> Iterator[bytes]:
    """Stream a temporary file and delete it afterwards."""
    try:
        with open(path, "rb") as fh:
            while data := fh.read(chunk):
                yield data
    finally:
        os.unlink(path)
