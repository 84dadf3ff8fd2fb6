"""The organiser's question editor (conference menu, before the conference)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from okconf.accounts.access import roles_required
from okconf.accounts.models import Role
from okconf.conferences.access import get_managed_conference
from okconf.db import as_id
from okconf.errors import DomainError, apply_to_form
from okconf.extensions import db
from okconf.formdata import as_choices
from okconf.questions import counts, editor, services
from okconf.questions.forms import QuestionForm
from okconf.questions.models import Question, QuestionKind
from okconf.registration.forms import ConfirmForm

bp = Blueprint("questions", __name__)

CONFERENCE_NAV = [
    ("questions.index", _l("Questions on the form"), (Role.ORGANISER,), "before"),
]
NEW_OPTION_ROWS = 3

organiser = roles_required(Role.ORGANISER)


@bp.app_template_global("question_answers")
def question_answers(registration, sensitive: bool = True):
    """A registration's answers for its pages (sensitive ones only where diets are shown)."""
    return services.shown_answers(registration, str(get_locale()), sensitive=sensitive)


@bp.app_template_global("question_tallies")
def question_tallies(conference):
    """Counts per option of the conference's choice and yes/no questions (not cancelled)."""
    from sqlalchemy import select

    from okconf.registration.models import Registration, RegistrationStatus

    active = select(Registration.id).where(
        Registration.conference_id == conference.id,
        Registration.status != RegistrationStatus.CANCELLED,
    )
    return counts.tallies(conference, str(get_locale()), active)


def _index_url(conference_id: int) -> str:
    return url_for("questions.index", conference_id=conference_id)


def _question(conference, question_id: int) -> Question:
    question = db.session.get(Question, question_id)
    if question is None or question.conference_id != conference.id:
        abort(404)
    return question


@bp.route("/staff/konferenser/<int:conference_id>/fragor")
@organiser
def index(conference_id: int):
    """The conference's questions in form order, with their answers' counts."""
    conference = get_managed_conference(conference_id)
    questions = services.questions_of(conference)
    return render_template(
        "questions/index.html",
        conference=conference,
        questions=questions,
        answered={q.id for q in questions if services.has_answers(q)},
        locale=str(get_locale()),
        kinds=QuestionKind,
    )


def _form(conference, question: Question | None) -> QuestionForm:
    form = QuestionForm(obj=question)
    locale = str(get_locale())
    form.condition.choices = as_choices(
        [("", _("Always")), *editor.condition_choices(conference, question, locale)]
    )
    if request.method == "GET":
        if question is not None:
            form.kind.data = question.kind.value
            form.condition.data = (
                f"{question.condition_question_id}:{question.condition_value}"
                if question.condition_question_id
                else ""
            )
            rows = [
                {"id": str(o.id), "label_sv": o.label_sv, "label_en": o.label_en}
                for o in question.options
            ]
        else:
            kind = request.args.get("kind", "")
            form.kind.data = kind if kind in {k.value for k in QuestionKind} else "short_text"
            rows = []
        while form.options.entries:
            form.options.pop_entry()
        for row in [*rows, *({} for _ in range(NEW_OPTION_ROWS))]:
            form.options.append_entry(row)
    return form


def _data(form: QuestionForm) -> editor.QuestionData:
    return editor.QuestionData(
        kind=QuestionKind(form.kind.data),
        label_sv=form.label_sv.data or "",
        label_en=form.label_en.data or "",
        help_sv=form.help_sv.data or "",
        help_en=form.help_en.data or "",
        required=bool(form.required.data),
        sensitive=bool(form.sensitive.data),
        hidden=bool(form.hidden.data),
        condition=form.condition.data or "",
        options=[
            editor.OptionData(
                id=as_id(row.form.id.data),
                label_sv=row.form.label_sv.data or "",
                label_en=row.form.label_en.data or "",
                remove=bool(row.form.remove.data),
            )
            for row in form.options
        ],
    )


def _edit_view(conference, question: Question | None):
    form = _form(conference, question)
    if form.validate_on_submit():
        try:
            saved = editor.save_question(conference, question, _data(form), str(get_locale()))
        except DomainError as error:
            db.session.rollback()
            apply_to_form(form, error)
        else:
            db.session.commit()
            flash(_("“%(label)s” was saved.", label=saved.label_sv), "success")
            return redirect(_index_url(conference.id))
    return render_template(
        "questions/edit.html",
        conference=conference,
        form=form,
        question=question,
        answered=question is not None and services.has_answers(question),
    )


@bp.route("/staff/konferenser/<int:conference_id>/fragor/ny", methods=["GET", "POST"])
@organiser
def new(conference_id: int):
    """Add a question at the end of the form."""
    return _edit_view(get_managed_conference(conference_id), None)


@bp.route(
    "/staff/konferenser/<int:conference_id>/fragor/<int:question_id>", methods=["GET", "POST"]
)
@organiser
def edit(conference_id: int, question_id: int):
    """Change a question, its options and its condition."""
    conference = get_managed_conference(conference_id)
    return _edit_view(conference, _question(conference, question_id))


@bp.route(
    "/staff/konferenser/<int:conference_id>/fragor/<int:question_id>/flytta", methods=["POST"]
)
@organiser
def move(conference_id: int, question_id: int):
    """Move a question one place up or down."""
    conference = get_managed_conference(conference_id)
    question = _question(conference, question_id)
    if ConfirmForm().validate_on_submit():
        try:
            editor.move(question, -1 if request.form.get("direction") == "up" else 1)
        except DomainError as error:
            db.session.rollback()
            flash(error.message, "error")
        else:
            db.session.commit()
    return redirect(_index_url(conference_id) + f"#question-{question_id}")


@bp.route("/staff/konferenser/<int:conference_id>/fragor/ordning", methods=["POST"])
@organiser
def reorder(conference_id: int):
    """Put the questions in the order they were dragged to (a comma-separated list of ids)."""
    conference = get_managed_conference(conference_id)
    if ConfirmForm().validate_on_submit():
        ids = [as_id(part) for part in (request.form.get("order") or "")[:2000].split(",")]
        try:
            editor.reorder(conference, [i for i in ids if i is not None])
        except DomainError as error:
            db.session.rollback()
            flash(error.message, "error")
        else:
            db.session.commit()
            flash(_("The new order was saved."), "success")
    return redirect(_index_url(conference_id))


@bp.route("/staff/konferenser/<int:conference_id>/fragor/<int:question_id>/visa", methods=["POST"])
@organiser
def toggle_hidden(conference_id: int, question_id: int):
    """Hide a question from the form (its answers stay), or show it again."""
    conference = get_managed_conference(conference_id)
    question = _question(conference, question_id)
    if ConfirmForm().validate_on_submit():
        editor.set_hidden(question, not question.hidden)
        db.session.commit()
        flash(
            _("“%(label)s” is hidden from the form; its answers stay.", label=question.label_sv)
            if question.hidden
            else _("“%(label)s” is on the form again.", label=question.label_sv),
            "success",
        )
    return redirect(_index_url(conference_id))


@bp.route(
    "/staff/konferenser/<int:conference_id>/fragor/<int:question_id>/ta-bort",
    methods=["GET", "POST"],
)
@organiser
def delete(conference_id: int, question_id: int):
    """Delete a question nobody answered (a page asks first)."""
    conference = get_managed_conference(conference_id)
    question = _question(conference, question_id)
    answered = services.has_answers(question)
    if request.method == "GET" or not ConfirmForm().validate_on_submit():
        return render_template(
            "macros/confirm.html",
            back_url=_index_url(conference.id),
            back_label=_("Questions on the form: %(title)s", title=conference.title),
            heading=_("Delete “%(label)s”?", label=question.label_sv),
            details=[question.kind.label],
            consequence=(
                _(
                    "This question has answers, so it cannot be deleted. Hide it instead: "
                    "the answers stay for the exports."
                )
                if answered
                else _("The question is deleted from the form.")
            ),
            button=None if answered else _("Delete the question"),
            action=url_for(".delete", conference_id=conference.id, question_id=question.id),
        )
    try:
        editor.delete_question(question)
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        db.session.commit()
        flash(_("The question was deleted."), "success")
    return redirect(_index_url(conference_id))
