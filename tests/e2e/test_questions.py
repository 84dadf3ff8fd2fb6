"""The conference's own questions in a real Chromium: an organiser adds three questions (one
conditional, one sensitive), a participant answers them in Swedish and another in English, the
organiser filters the list by an answer and exports it, and the purge removes the sensitive
answers but keeps the counts. axe checks each page on the way.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from okconf.clock import today as stockholm_today

pytestmark = pytest.mark.e2e

DINNER = "Vill du delta i middagen kvällen före?"
SEMINAR = "Vilket seminarium på eftermiddagen väljer du?"
ALLERGY = "Har du allergier vi behöver veta om till middagen?"


def _sign_in(page, base, user):
    from tests.conftest import PASSWORD

    page.goto(f"{base}/language/en?next=/login")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def _add(page, base, conference, kind, label_sv, label_en, **extra):
    page.goto(f"{base}/staff/konferenser/{conference.id}/fragor/ny")
    page.get_by_label("Kind of answer").select_option(kind)
    page.get_by_label("Question in Swedish").fill(label_sv)
    page.get_by_label("Question in English").fill(label_en)
    for n, (sv, en) in enumerate(extra.get("options", ())):
        page.locator(f"#options-{n}-label_sv").fill(sv)
        page.locator(f"#options-{n}-label_en").fill(en)
    if extra.get("required"):
        page.get_by_label("An answer is required").check()
    if extra.get("sensitive"):
        page.get_by_label("Sensitive", exact=False).check()
    if extra.get("condition"):
        page.get_by_label("Show the question").select_option(extra["condition"])
    page.get_by_role("button", name="Save the question").click()


def _register(page, base, conference, first, email, language):
    page.goto(f"{base}/language/{language}?next=/konferens/{conference.slug}/anmalan")
    page.locator("#first_name").fill(first)
    page.locator("#last_name").fill("Exempelsson")
    page.locator("#email").fill(email)
    page.locator("#phone").fill("070-123 45 67")
    page.locator("#organisation_name").fill("Föreningen Gemenskap")
    page.locator("#party-0").check()
    page.locator("#org_type").select_option("civil_society_org")
    page.locator("#consent").check()


def test_questions_from_editor_to_purge(
    live_server, page, browser, axe_check, make_user, make_conference
):
    from playwright.sync_api import expect
    from sqlalchemy import select

    from okconf.extensions import db
    from okconf.questions.models import Answer, Question
    from okconf.questions.services import answers_of
    from okconf.registration.models import Registration

    organiser = make_user("organiser")
    conference = make_conference(organisers=[organiser], title="Köping 2026", slug="koping-2026")
    base = live_server.url
    _sign_in(page, base, organiser)

    # The organiser adds the three questions.
    page.goto(f"{base}/staff/konferenser/{conference.id}/fragor")
    expect(page.get_by_role("heading", level=1)).to_have_text("Questions on the form")
    axe_check(page)
    _add(
        page,
        base,
        conference,
        "yes_no",
        DINNER,
        "Will you join the dinner the evening before?",
        required=True,
    )
    expect(page.locator(".flash-success")).to_contain_text("was saved")
    page.goto(f"{base}/staff/konferenser/{conference.id}/fragor/ny")
    expect(page.locator("#options")).to_be_hidden()  # a short text has no options
    page.get_by_label("Kind of answer").select_option("one_choice")
    expect(page.locator("#options")).to_be_visible()
    page.get_by_role("button", name="Save the question").click()
    expect(page.locator("#label_sv-error")).to_be_visible()  # errors beside the field
    axe_check(page)
    _add(
        page,
        base,
        conference,
        "one_choice",
        SEMINAR,
        "Which afternoon seminar do you choose?",
        options=[("Språk", "Language"), ("Bostad", "Housing")],
        required=True,
    )
    db.session.expire_all()
    dinner = db.session.scalars(select(Question).where(Question.label_sv == DINNER)).one()
    _add(
        page,
        base,
        conference,
        "yes_no",
        ALLERGY,
        "Do you have allergies we should know of?",
        sensitive=True,
        condition=f"{dinner.id}:yes",
    )
    expect(page.locator(".questions-table")).to_contain_text("Sensitive")
    axe_check(page)

    # Dragging the seminar above the dinner, then saving the order.
    db.session.expire_all()
    seminar = db.session.scalars(select(Question).where(Question.label_sv == SEMINAR)).one()
    rows = page.locator(".questions-table tbody tr")
    page.locator(f'tr[data-question-id="{seminar.id}"]').drag_to(
        page.locator(f'tr[data-question-id="{dinner.id}"]'), target_position={"x": 5, "y": 5}
    )
    page.get_by_role("button", name="Save the new order").click()
    expect(page.locator(".flash-success")).to_contain_text("The new order was saved.")
    expect(rows.first).to_contain_text(SEMINAR)

    # A participant answers in Swedish: the allergy question appears with "Ja" to the dinner.
    swedish = browser.new_context(viewport={"width": 390, "height": 844}, bypass_csp=True)
    participant = swedish.new_page()
    _register(participant, base, conference, "Alva", "alva@example.org", "sv")
    allergy = participant.get_by_role("group", name=ALLERGY)
    expect(allergy).to_be_hidden()
    participant.get_by_role("group", name=DINNER).get_by_label("Ja").check()
    expect(allergy).to_be_visible()
    allergy.get_by_label("Ja").check()
    participant.get_by_role("group", name=SEMINAR).get_by_label("Bostad").check()
    axe_check(participant)
    participant.get_by_role("button", name="Anmäl dig").click()
    expect(participant.get_by_role("heading", level=1)).to_contain_text("anmäld")
    swedish.close()

    # Another answers in English, without the dinner: the allergy question stays hidden.
    english = browser.new_context(bypass_csp=True)
    participant = english.new_page()
    _register(participant, base, conference, "Bo", "bo@example.org", "en")
    participant.get_by_role("group", name="Which afternoon seminar do you choose?").get_by_label(
        "Language"
    ).check()
    participant.get_by_role("button", name="Register").click()
    expect(participant.locator(f"#question_{dinner.id}-error")).to_contain_text(
        "Answer this question."
    )
    group = participant.get_by_role("group", name="Will you join the dinner the evening before?")
    group.get_by_label("No").check()
    expect(
        participant.get_by_role("group", name="Do you have allergies we should know of?")
    ).to_be_hidden()
    participant.get_by_role("button", name="Register").click()
    expect(participant.get_by_role("heading", level=1)).to_have_text("You are registered")
    english.close()

    db.session.expire_all()
    people = {r.first_name: r for r in db.session.scalars(select(Registration))}
    questions = {q.label_sv: q for q in db.session.scalars(select(Question))}
    assert answers_of(people["Alva"]) == {
        questions[DINNER].id: "yes",
        questions[SEMINAR].id: [questions[SEMINAR].options[1].id],
        questions[ALLERGY].id: "yes",
    }
    assert answers_of(people["Bo"]) == {
        questions[DINNER].id: "no",
        questions[SEMINAR].id: [questions[SEMINAR].options[0].id],
    }

    # The organiser filters the list by an answer.
    page.goto(f"{base}/staff/konferenser/{conference.id}/anmalningar")
    page.get_by_label("Answer to a question").select_option(
        label="Which afternoon seminar do you choose?: Housing"
    )
    page.get_by_role("button", name="Search").click()
    expect(page.locator("table.registrations tbody")).to_contain_text("Alva Exempelsson")
    expect(page.locator("table.registrations tbody")).not_to_contain_text("Bo Exempelsson")
    axe_check(page)

    # ... and exports the list with the answers as columns.
    page.goto(f"{base}/staff/konferenser/{conference.id}/export")
    expect(page.get_by_label("Do you have allergies we should know of?")).to_have_count(0)
    page.get_by_label("Which afternoon seminar do you choose?").check()
    page.get_by_label("Will you join the dinner the evening before?").check()
    axe_check(page)
    with page.expect_download() as download:
        page.get_by_role("button", name="Download").click()
    with open(download.value.path(), encoding="utf-8-sig") as fh:
        text = fh.read()
    assert "Which afternoon seminar do you choose?" in text.splitlines()[0]
    assert "Alva;Exempelsson;alva@example.org" in text and "Housing;Yes" in text
    assert "Bo;Exempelsson" in text and "Language;No" in text

    # The conference is long past: the purge erases the sensitive answers, the counts stay.
    conference.date = stockholm_today() - timedelta(days=60)
    conference.registration_deadline = conference.cancellation_deadline = None
    db.session.commit()
    with live_server.app.app_context():
        from okconf.privacy.retention import purge

        purge()
        db.session.commit()
    db.session.expire_all()
    assert (
        db.session.scalars(select(Answer).where(Answer.question_id == questions[ALLERGY].id)).all()
        == []
    )
    page.goto(f"{base}/staff/konferenser/{conference.id}/statistik")
    counts = page.locator(".question-counts")
    allergy_table = counts.locator("table", has_text="Do you have allergies")
    expect(allergy_table.locator("tr", has_text="Yes")).to_contain_text("1")
    seminar_table = counts.locator("table", has_text="Which afternoon seminar")
    expect(seminar_table.locator("tr", has_text="Housing")).to_contain_text("1")
    axe_check(page)
