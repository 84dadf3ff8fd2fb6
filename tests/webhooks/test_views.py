"""The staff pages: who sees which hook, the forms' answers to hostile input, the actions."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from okconf.extensions import db
from okconf.webhooks import events, services
from okconf.webhooks.models import Webhook, WebhookDelivery


@pytest.fixture
def two_organisers(app, make_user, make_conference, receiver):
    mine, other = make_user("organiser"), make_user("organiser")
    own_conference = make_conference(organisers=[mine])
    other_conference = make_conference(organisers=[other])
    theirs = services.create(
        other, url=receiver.url + "/theirs", chosen=list(events.EVENTS), description="Deras CRM"
    )
    db.session.commit()
    return mine, other, own_conference, other_conference, theirs


ACTIONS = ["switch_off", "switch_on", "ping", "retry", "renew_secret", "delete"]
PATHS = {
    "retry": "forsok-nu",
    "switch_off": "av",
    "switch_on": "pa",
    "ping": "test",
    "renew_secret": "ny-hemlighet",
    "delete": "ta-bort",
}


def test_an_organiser_cannot_see_or_change_anothers_hook(client, login, two_organisers):
    mine, _other, _own, _their_conf, theirs = two_organisers
    login(mine)
    listing = client.get("/staff/webhooks").get_data(as_text=True)
    assert "Deras CRM" not in listing and theirs.url not in listing
    assert client.get(f"/staff/webhooks/{theirs.id}").status_code == 403
    assert client.get(f"/staff/webhooks/{theirs.id}/leveranser").status_code == 403
    assert client.get(f"/staff/webhooks/{theirs.id}/ta-bort").status_code == 403
    response = client.post(
        f"/staff/webhooks/{theirs.id}",
        data={"url": "https://93.184.216.34/mine", "events": [events.REGISTRATION_CREATED]},
    )
    assert response.status_code == 403
    for action in ACTIONS:
        assert client.post(f"/staff/webhooks/{theirs.id}/{PATHS[action]}").status_code == 403
    db.session.expire_all()
    hook = db.session.get(Webhook, theirs.id)
    assert hook is not None and hook.active and hook.url.endswith("/theirs")
    assert db.session.scalar(select(func.count()).select_from(WebhookDelivery)) == 0
    assert client.get("/staff/webhooks/999999999").status_code == 404


def test_an_admin_sees_every_hook_but_not_its_secret(client, login, make_user, two_organisers):
    _mine, other, _own, _their_conf, theirs = two_organisers
    admin = make_user("admin")
    login(admin)
    assert "Deras CRM" in client.get("/staff/webhooks").get_data(as_text=True)
    page = client.get(f"/staff/webhooks/{theirs.id}").get_data(as_text=True)
    assert theirs.secret not in page and other.name in page
    assert client.post(f"/staff/webhooks/{theirs.id}/ny-hemlighet").status_code == 403


def test_the_owner_creates_a_hook_and_sees_its_secret(client, login, two_organisers, receiver):
    mine, _other, own, _their_conf, _theirs = two_organisers
    login(mine)
    assert client.get("/staff/webhooks/ny").status_code == 200
    response = client.post(
        "/staff/webhooks/ny",
        data={
            "url": receiver.url,
            "description": "Vårt register",
            "conference": str(own.id),
            "events": [events.REGISTRATION_CREATED, events.CLAIM_PAID],
        },
    )
    assert response.status_code == 302
    hook = db.session.scalar(select(Webhook).where(Webhook.owner_id == mine.id))
    hook_id = hook.id
    assert hook.conference_id == own.id
    assert hook.events == [events.REGISTRATION_CREATED, events.CLAIM_PAID]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert hook.secret in page and hook.secret.startswith("whsec_")
    # A test ping is queued; switching off and on; a new secret; deleting.
    assert client.post(f"/staff/webhooks/{hook.id}/test").status_code == 302
    ping = db.session.scalar(select(WebhookDelivery).where(WebhookDelivery.webhook_id == hook.id))
    assert ping.event == events.PING
    assert "Test ping" in client.get(f"/staff/webhooks/{hook.id}/leveranser").get_data(True)
    ping.next_attempt_at = ping.created_at.replace(year=2030)
    db.session.commit()
    assert client.post(f"/staff/webhooks/{hook.id}/forsok-nu").status_code == 302
    db.session.expire_all()
    assert ping.next_attempt_at.year < 2030
    client.post(f"/staff/webhooks/{hook.id}/av")
    db.session.expire_all()
    assert not db.session.get(Webhook, hook.id).active
    refused = client.post(f"/staff/webhooks/{hook.id}/test", follow_redirects=True)
    assert "Switch the webhook on" in refused.get_data(as_text=True)
    client.post(f"/staff/webhooks/{hook.id}/pa")
    old = hook.secret
    client.post(f"/staff/webhooks/{hook.id}/ny-hemlighet")
    db.session.expire_all()
    assert db.session.get(Webhook, hook.id).active
    assert db.session.get(Webhook, hook.id).secret != old
    confirm = client.get(f"/staff/webhooks/{hook_id}/ta-bort").get_data(as_text=True)
    assert "Delete the webhook?" in confirm and hook.url in confirm
    client.post(f"/staff/webhooks/{hook_id}/ta-bort")
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).where(Webhook.id == hook_id)) == 0
    assert db.session.scalar(select(func.count()).select_from(WebhookDelivery)) == 0


HOSTILE = [
    ({"url": "javascript:alert(1)"}, "url"),
    ({"url": "http://10.0.0.1/"}, "url"),
    ({"url": "https://169.254.169.254/latest/"}, "url"),
    ({"url": "https://a\tb.org/"}, "url"),
    ({"url": "https://user:secret@93.184.216.34/"}, "url"),
    ({"url": "https://" + "a" * 100_000}, "url"),
    ({"url": ""}, "url"),
    ({"events": ["zz-unknown-choice"]}, "events"),
    ({"events": []}, "events"),
    ({"conference": "99999999999999999999"}, "conference"),
    ({"conference": "-1"}, "conference"),
    ({"description": "A" * 100_000}, "description"),
]


@pytest.mark.parametrize(("changes", "field"), HOSTILE)
def test_hostile_input_gets_an_error_beside_the_field(
    client, login, two_organisers, receiver, changes, field
):
    mine, *_rest = two_organisers
    login(mine)
    data = {"url": receiver.url, "events": [events.REGISTRATION_CREATED], **changes}
    response = client.post("/staff/webhooks/ny", data=data)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert f'id="{field}-error"' in page
    assert db.session.scalar(select(func.count()).where(Webhook.owner_id == mine.id)) == 0


def test_another_organisers_conference_cannot_be_chosen(client, login, two_organisers, receiver):
    mine, _other, _own, their_conference, _theirs = two_organisers
    login(mine)
    response = client.post(
        "/staff/webhooks/ny",
        data={
            "url": receiver.url,
            "conference": str(their_conference.id),
            "events": [events.REGISTRATION_CREATED],
        },
    )
    assert response.status_code == 200
    assert 'id="conference-error"' in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).where(Webhook.owner_id == mine.id)) == 0


def test_without_the_loopback_flag_a_loopback_hook_is_refused(make_app, make_user, receiver):
    from okconf.errors import DomainError

    application = make_app()
    with application.app_context():
        owner = make_user("organiser")
        with pytest.raises(DomainError) as refused:
            services.create(owner, url=receiver.url, chosen=[events.REGISTRATION_CREATED])
        assert refused.value.field == "url"
        db.session.rollback()
        db.session.delete(db.session.merge(owner))
        db.session.commit()
