"""The workshops demo: Malmö participants with wishes, once, and nothing without Malmö."""

from __future__ import annotations

from sqlalchemy import func, select

from okconf.demo import DemoContext
from okconf.extensions import db
from okconf.registration.models import Registration
from okconf.workshops import demo
from okconf.workshops.models import WorkshopPreference
from okconf.workshops.services import assignment, loading


def test_demo_adds_sixty_people_with_wishes_once(app, workshop_setup):
    conference, *_ = workshop_setup(capacities=(30,) * 7, people=[])
    ctx = DemoContext(objects={"conference:malmo-2012": conference})
    demo.load(ctx)
    demo.load(ctx)
    count = db.session.scalar(
        select(func.count())
        .select_from(Registration)
        .where(Registration.email.like("%@workshops.example.org"))
    )
    assert count == 60
    assert db.session.scalar(select(func.count()).select_from(WorkshopPreference)) >= 50 * 3
    parties = {r.party for r in loading.participants(conference)}
    assert len(parties) == 3
    outcome = assignment.run_assignment(conference, 10)
    assert outcome.result.ok


def test_demo_skips_without_malmo(app):
    demo.load(DemoContext())
    assert db.session.scalar(select(func.count()).select_from(Registration)) == 0
