"""The demo registry holds seed 001's signatories in the order they joined."""

from okconf.demo import DemoContext
from okconf.extensions import db
from okconf.organisations import demo
from okconf.organisations.services import signatories


def test_demo_signatories_follow_the_seed_order_and_load_once(app):
    demo.load(DemoContext())
    demo.load(DemoContext())
    db.session.commit()
    names = [o.name for o in signatories()]
    assert names == [name for name, _town in demo.SIGNATORIES]
    assert len(names) == 35
    assert all(o.email.endswith(".example.se") for o in signatories())
