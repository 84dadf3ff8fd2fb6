"""Programme rules: slots, speakers, order, warnings, moderator and workshops."""

from __future__ import annotations

from datetime import time

import pytest

from okconf.conferences import programme
from okconf.conferences.models import ItemKind, ProgrammeItem, Workshop
from okconf.errors import Conflict, DomainError
from okconf.extensions import db
from okconf.vocabulary import Theme


def slot(conference, start, end=None, title="Föreläsning", kind=ItemKind.SESSION, **kw):
    return programme.save_item(
        conference, None, kind=kind, starts_at=start, ends_at=end, title=title, **kw
    )


def test_parse_speakers_reads_name_role_organisation():
    text = "Paola Ricci; ordförande; SIOS Mellansverige\n\nLyckeby BTK\nMats Hedin; kommunalråd"
    assert programme.parse_speakers(text) == [
        ("Paola Ricci", "ordförande", "SIOS Mellansverige"),
        ("Lyckeby BTK", "", ""),
        ("Mats Hedin", "kommunalråd", ""),
    ]


@pytest.mark.parametrize("text", ["; ordförande; SIOS", "a; b; c; d", "x" * 201])
def test_parse_speakers_refuses_bad_lines_on_the_field(text):
    with pytest.raises(DomainError) as error:
        programme.parse_speakers(text)
    assert error.value.field == "speakers" and "1" in error.value.message


def test_save_item_with_speakers_and_round_trip_text(app, make_conference):
    conference = make_conference()
    item = slot(
        conference,
        time(9, 30),
        time(9, 45),
        "Välkommen",
        speakers=[("Paola Ricci", "ordförande", "SIOS"), ("Mats Hedin", "", "Köpings kommun")],
    )
    db.session.commit()
    assert [s.name for s in item.speakers] == ["Paola Ricci", "Mats Hedin"]
    assert programme.speakers_text(item) == (
        "Paola Ricci; ordförande; SIOS\nMats Hedin; ; Köpings kommun"
    )
    # Saving again replaces the speakers rather than adding to them.
    programme.save_item(
        conference,
        item,
        kind=ItemKind.SESSION,
        starts_at=time(9, 30),
        ends_at=None,
        title="Välkommen",
        speakers=[("Kim Berg", "", "")],
    )
    db.session.commit()
    assert [s.name for s in item.speakers] == ["Kim Berg"]


def test_slot_must_end_after_it_starts(app, make_conference):
    conference = make_conference()
    with pytest.raises(DomainError) as error:
        slot(conference, time(10), time(9, 30))
    assert error.value.field == "ends_at"
    with pytest.raises(DomainError):
        slot(conference, time(10), time(10))
    assert db.session.query(ProgrammeItem).count() == 0


def test_slots_outside_the_day_are_warnings_not_errors(app, make_conference):
    conference = make_conference(start_time=time(9), end_time=time(16))
    early = slot(conference, time(8, 30), time(9), "Kaffe")
    late = slot(conference, time(15, 30), time(16, 30), "Mingel")
    inside = slot(conference, time(10), time(11))
    assert "Kaffe" in programme.item_warnings(conference, early)[0]
    assert "Mingel" in programme.item_warnings(conference, late)[0]
    assert programme.item_warnings(conference, inside) == []


def test_programme_is_in_time_order_and_move_swaps_slots_of_the_same_time(app, make_conference):
    conference = make_conference()
    b = slot(conference, time(10), None, "B")
    a = slot(conference, time(9), None, "A")
    c = slot(conference, time(10), None, "C")
    db.session.commit()
    assert [i.title for i in conference.programme] == ["A", "B", "C"]
    programme.move_item(c, -1)
    db.session.commit()
    db.session.expire(conference)
    assert [i.title for i in conference.programme] == ["A", "C", "B"]
    with pytest.raises(Conflict):
        programme.move_item(a, -1)  # already first
    with pytest.raises(Conflict) as error:
        programme.move_item(a, 1)  # the next slot starts later
    assert "start time" in error.value.message
    assert b.position > c.position


def test_workshops_belong_to_a_workshop_block_of_the_same_conference(app, make_conference):
    conference, other = make_conference(), make_conference()
    talk = slot(conference, time(10), time(11))
    block = slot(conference, time(13), time(14), "Workshoppar", kind=ItemKind.WORKSHOPS)
    foreign = slot(other, time(13), time(14), "Deras", kind=ItemKind.WORKSHOPS)
    for wrong in (talk, foreign):
        with pytest.raises(DomainError) as error:
            programme.save_workshop(conference, None, round_item=wrong, title="Hälsa", theme=None)
        assert error.value.field == "round_id"
    with pytest.raises(DomainError) as error:
        programme.save_workshop(
            conference, None, round_item=block, title="Hälsa", theme=None, capacity=-1
        )
    assert error.value.field == "capacity"
    workshop = programme.save_workshop(
        conference,
        None,
        round_item=block,
        title="Hälsa",
        theme=Theme.HEALTH,
        inspirers="Camilla Rydén – Unilabs AB",
        room="Sal 2",
        capacity=0,
    )
    db.session.commit()
    assert workshop.round is block and workshop.capacity == 0
    assert programme.workshop_rounds(conference) == [block]


def test_a_block_with_workshops_cannot_be_deleted_or_change_kind(app, make_conference):
    conference = make_conference()
    block = slot(conference, time(13), time(14), "Workshoppar", kind=ItemKind.WORKSHOPS)
    workshop = programme.save_workshop(
        conference, None, round_item=block, title="Språk", theme=Theme.LANGUAGE
    )
    with pytest.raises(Conflict):
        programme.delete_item(block)
    with pytest.raises(Conflict) as error:
        programme.save_item(
            conference, block, kind=ItemKind.SESSION, starts_at=time(13), ends_at=None, title="X"
        )
    assert error.value.field == "kind"
    programme.delete_workshop(workshop)
    programme.delete_item(block)
    db.session.commit()
    assert db.session.query(Workshop).count() == 0
    assert db.session.query(ProgrammeItem).count() == 0


def test_moderator(app, make_conference):
    conference = make_conference()
    programme.set_moderator(conference, "  Maria Strand, journalist ")
    assert conference.moderator == "Maria Strand, journalist"
