"""The questions' receivers: the questions on the registration form, checked and saved with
it, forgotten on a hand-over; a copied conference gets its questions."""

from __future__ import annotations

from okconf import signals
from okconf.questions.forms import QuestionsPart
from okconf.questions.services import check_answers, forget_answers, save_answers


@signals.conference_copied.connect
def _copy_questions(copy, source=None, **_kwargs):
    """Copy the source's questions to the new conference."""
    from okconf.questions.editor import copy_questions

    if source is not None:
        copy_questions(source, copy)


@signals.registration_form_parts.connect
def questions_on_the_form(conference, *, locale: str, **_kwargs):
    """The conference's visible questions as fields of its registration form."""
    return QuestionsPart(conference, locale)


@signals.registration_validating.connect
def check_the_answers(conference, *, data, **_kwargs) -> None:
    """The answers, however they arrive (None: leave them as they are)."""
    if data.answers is not None:
        check_answers(conference, data.answers)


@signals.registration_saving.connect
def save_the_answers(registration, *, data, **_kwargs) -> dict:
    """The answers, once the registration has its id."""
    return {"answers": (None, None)} if save_answers(registration, data.answers) else {}


@signals.registration_handing_over.connect
def forget_sensitive_answers(registration, **_kwargs) -> None:
    """The colleague who takes the place does not inherit the sensitive answers."""
    forget_answers(registration, sensitive_only=True)
