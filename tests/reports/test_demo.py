"""The demo loaders: steering group within the rules, summaries and figures of the seed."""

from datetime import date

from flask_babel import force_locale

from okconf.demo import DemoContext
from okconf.extensions import db
from okconf.reports import demo as reports_demo
from okconf.reports.joint import build_joint_report
from okconf.reports.models import SummaryState
from okconf.reports.services import summary_for
from okconf.steering import demo as steering_demo
from okconf.steering import services as steering
from okconf.steering.models import AgreementParty, Office
from okconf.vocabulary import Principle

SEVEN = (
    ("stockholm-2011", "Stockholm", date(2011, 11, 25)),
    ("goteborg-2011", "Göteborg", date(2011, 12, 1)),
    ("boden-2011", "Boden", date(2011, 12, 6)),
    ("sundsvall-2011", "Sundsvall", date(2011, 12, 15)),
    ("malmo-2012", "Malmö", date(2012, 11, 19)),
    ("koping-2012", "Köping", date(2012, 12, 10)),
    ("ronneby-2013", "Ronneby", date(2013, 10, 21)),
)


def test_demo_without_conferences_loads_what_it_can(app):
    ctx = DemoContext()
    steering_demo.load(ctx)
    reports_demo.load(ctx)
    steering_demo.load(ctx)  # twice is harmless
    assert steering.years() == [2011, 2012, 2013]
    assert len([m for m in steering.members_of(2012) if not m.is_substitute]) == 8
    assert "signatory:SIOS" in ctx.objects


def test_demo_joint_report_for_autumn_2011(app, make_conference):
    ctx = DemoContext()
    for slug, town, day in SEVEN:
        ctx.objects[f"conference:{slug}"] = make_conference(slug=slug, town=town, date=day)
    steering_demo.load(ctx)
    reports_demo.load(ctx)
    db.session.commit()
    for year in (2011, 2012, 2013):
        offices = {m.office: m.party for m in steering.members_of(year)}
        assert AgreementParty.CIVIL_SOCIETY in (offices[Office.CHAIR], offices[Office.VICE_CHAIR])
    stockholm = ctx.objects["conference:stockholm-2011"]
    summary = summary_for(stockholm)
    assert summary.state is SummaryState.APPROVED
    assert Principle.QUALITY in summary.principles
    with force_locale("en"):
        autumn = [ctx.objects[f"conference:{slug}"] for slug, _town, _day in SEVEN[:4]]
        text = build_joint_report(autumn).text()
    assert "Stockholm* 25 Nov 2011 120 80 30 10" in text
    assert "Göteborg* 1 Dec 2011 100 60 30 10" in text
    assert "Boden* 6 Dec 2011 70 40 25 5" in text
    assert "Sundsvall* 15 Dec 2011 75 35 35 5" in text
    assert "Total*  365 215 120 30" in text
    assert "Brist på resurser" in text
