"""The questions' receivers: the questions on the registration form, checked and saved with
it, forgotten on a hand-over; a copied conference gets its questions."""

from __future__ import annotations

from okconf import signals
from okconf.registration.formsetup import per_version

# The questions' forms and services are imported by the receivers: creating the app imports
# neither (tests/test_light_workers.py).


def has_questions(conference) -> bool:
    """Whether the registration form asks any question of the conference's own."""
    from okconf.questions.services import questions_of

    return bool(questions_of(conference, include_hidden=False))


@signals.conference_copied.connect
def _copy_questions(copy, source=None, **_kwargs):
    """Copy the source's questions to the new conference."""
    from okconf.questions.editor import copy_questions

    if source is not None:
        copy_questions(source, copy)


@signals.registration_form_parts.connect
def questions_on_the_form(conference, *, locale: str, **_kwargs):
    """The conference's visible questions as fields of its registration form; no part (and
    no reads of questions) when it asks none, known once per version of the conference."""
    if not per_version(conference, "has_questions", lambda: has_questions(conference)):
        return None
    from okconf.questions.forms import QuestionsPart

    return QuestionsPart(conference, locale)


@signals.registration_validating.connect
def check_the_answers(conference, *, data, **_kwargs) -> None:
    """The answers, however they arrive (None: leave them as they are)."""
    from okconf.questions.services import check_answers

    answers = data.extra.get("answers")
    if answers is not None:
        check_answers(conference, answers)


@signals.registration_saving.connect
def save_the_answers(registration, *, data, created: bool = False, **_kwargs) -> dict:
    """The answers, once the registration has its id (a new one has none to look up)."""
    from okconf.questions.services import save_answers

    changed = save_answers(registration, data.extra.get("answers"), new=created)
    return {"answers": (None, None)} if changed else {}


@signals.registration_handing_over.connect
def forget_sensitive_answers(registration, **_kwargs) -> None:
    """The colleague who takes the place does not inherit the sensitive answers."""
    from okconf.questions.services import forget_answers

    forget_answers(registration, sensitive_only=True)
