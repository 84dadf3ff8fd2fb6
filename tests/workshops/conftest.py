"""A conference with a workshop round, workshops and participants with wishes."""

from __future__ import annotations

from datetime import time

import pytest

from okconf.conferences.models import ItemKind, ProgrammeItem, Workshop
from okconf.extensions import db
from okconf.vocabulary import OrganisationType, Party
from okconf.workshops.models import WorkshopPreference

PARTY_TYPES = {
    Party.CIVIL_SOCIETY: OrganisationType.CIVIL_SOCIETY_ORG,
    Party.PUBLIC_SECTOR: OrganisationType.MUNICIPALITY,
    Party.BUSINESS_OTHER: OrganisationType.COMPANY,
}


@pytest.fixture
def workshop_setup(make_conference, make_registration, make_user):
    """Build a conference with `rounds` rounds of workshops (same titles each round)."""

    def build(capacities=(4, 4, 4), rounds=1, people=None, organiser=None):
        organiser = organiser or make_user("organiser")
        conference = make_conference(organisers=[organiser])
        round_items, ws_by_round = [], []
        for r in range(rounds):
            item = ProgrammeItem(
                conference_id=conference.id,
                kind=ItemKind.WORKSHOPS,
                starts_at=time(10 + 3 * r, 0),
                ends_at=time(11 + 3 * r, 30),
                title=f"Workshoppass {r + 1}",
            )
            db.session.add(item)
            db.session.flush()
            ws = []
            for i, cap in enumerate(capacities):
                w = Workshop(
                    conference_id=conference.id,
                    round_id=item.id,
                    title=f"Workshop {chr(65 + i)}",
                    capacity=cap,
                    position=i,
                    room=f"Sal {i + 1}",
                )
                db.session.add(w)
                ws.append(w)
            db.session.flush()
            round_items.append(item)
            ws_by_round.append(ws)
        db.session.commit()
        regs = []
        specs = people or [
            (Party.CIVIL_SOCIETY, (0, 1, 2)),
            (Party.CIVIL_SOCIETY, (0, 2, 1)),
            (Party.PUBLIC_SECTOR, (0, 1, 2)),
            (Party.PUBLIC_SECTOR, (1, 0, 2)),
            (Party.BUSINESS_OTHER, (2, 0, 1)),
            (Party.CIVIL_SOCIETY, (1, 2, 0)),
            (Party.PUBLIC_SECTOR, (2, 1, 0)),
            (Party.BUSINESS_OTHER, ()),
        ]
        for n, (party, ranking) in enumerate(specs):
            reg = make_registration(
                conference,
                party=party,
                org_type=PARTY_TYPES[party],
                organisation_name=f"Org {n % 3}",
            )
            for ws in ws_by_round:
                for rank, i in enumerate(ranking, start=1):
                    db.session.add(
                        WorkshopPreference(registration_id=reg.id, workshop_id=ws[i].id, rank=rank)
                    )
            regs.append(reg)
        db.session.commit()
        return conference, organiser, round_items, ws_by_round, regs

    return build
