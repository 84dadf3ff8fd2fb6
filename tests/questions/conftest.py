"""Fixtures of the questions' tests: a conference with three questions, the form's data."""

from __future__ import annotations

import pytest

from okconf.extensions import db
from okconf.questions.models import Question, QuestionKind, QuestionOption
from okconf.vocabulary import OrganisationType, Party


@pytest.fixture
def make_question(app):
    """Add a question to a conference (options for choice kinds)."""

    def make(conference, kind=QuestionKind.SHORT_TEXT, label="Fråga", options=(), **fields):
        last = max(
            (q.position for q in db.session.query(Question).filter_by(conference_id=conference.id)),
            default=-1,
        )
        question = Question(
            conference_id=conference.id, kind=kind, label_sv=label, position=last + 1, **fields
        )
        for n, option in enumerate(options):
            sv, en = option if isinstance(option, tuple) else (option, "")
            question.options.append(QuestionOption(label_sv=sv, label_en=en, position=n))
        db.session.add(question)
        db.session.commit()
        return question

    return make


@pytest.fixture
def three_questions(make_question):
    """The issue's three questions: dinner (yes/no), which seminar if at dinner (one choice,
    conditional), allergies (sensitive long text)."""

    def make(conference):
        dinner = make_question(
            conference,
            QuestionKind.YES_NO,
            "Vill du delta i middagen kvällen före?",
            label_en="Will you join the dinner the evening before?",
            required=True,
        )
        seminar = make_question(
            conference,
            QuestionKind.ONE_CHOICE,
            "Vilket seminarium på eftermiddagen väljer du?",
            label_en="Which afternoon seminar do you choose?",
            options=[("Språk", "Language"), ("Bostad", "Housing")],
            required=True,
        )
        allergy = make_question(
            conference,
            QuestionKind.LONG_TEXT,
            "Har du allergier vi behöver veta om till middagen?",
            label_en="Any allergies we should know of for the dinner?",
            sensitive=True,
            condition_question_id=dinner.id,
            condition_value="yes",
        )
        return dinner, seminar, allergy

    return make


@pytest.fixture
def person_data():
    """The fixed fields of the public form."""

    def make(**overrides):
        data = {
            "first_name": "Alva",
            "last_name": "Exempelsson",
            "email": "alva@example.org",
            "phone": "070-123 45 67",
            "organisation_name": "Föreningen Gemenskap",
            "party": Party.CIVIL_SOCIETY.value,
            "org_type": OrganisationType.CIVIL_SOCIETY_ORG.value,
            "consent": "y",
        }
        data.update(overrides)
        return {k: v for k, v in data.items() if v is not None}

    return make
