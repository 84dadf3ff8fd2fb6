"""Webhooks: who may have which, the events written to the queue, and the signature.

Events are written to the delivery queue by the receivers in hooks.py, inside the transaction
of the change that caused them (the same as the mail outbox): a delivery exists if and only
if its change was committed. The worker (sender.py) sends them afterwards.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import event, or_, select
from sqlalchemy.orm import Session

from okconf import audit
from okconf.accounts.models import Role
from okconf.conferences.access import can_manage
from okconf.errors import Conflict, DomainError
from okconf.extensions import db
from okconf.mail.services import db_now
from okconf.webhooks import events, urls
from okconf.webhooks.models import DeliveryStatus, Webhook, WebhookDelivery

SIGNATURE_VERSION = "v1"
# Webhook.disabled_reason when okconf switched a failing hook off.
DISABLED_FAILING = "failing"


def new_secret() -> str:
    """A fresh signing key (256 random bits)."""
    return "whsec_" + secrets.token_urlsafe(32)


def signature(secret: str, timestamp: int | str, body: bytes | str) -> str:
    """The signature header's value: v1=hex(HMAC-SHA256(secret, "<timestamp>.<body>"))."""
    if isinstance(body, str):
        body = body.encode()
    message = str(timestamp).encode() + b"." + body
    digest = hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()
    return f"{SIGNATURE_VERSION}={digest}"


def allow_loopback() -> bool:
    """Tests (and only tests) let hooks call loopback over http."""
    return bool(current_app.config["WEBHOOK_ALLOW_LOOPBACK"])


# --- who sees which hook ------------------------------------------------------------------------


def may_see(user, hook: Webhook) -> bool:
    """Admins see every hook; an organiser only their own."""
    return user.role is Role.ADMIN or hook.owner_id == user.id


def visible_hooks(user) -> list[Webhook]:
    """The hooks the user may see, newest first."""
    query = select(Webhook).order_by(Webhook.id.desc())
    if user.role is not Role.ADMIN:
        query = query.where(Webhook.owner_id == user.id)
    return list(db.session.scalars(query))


def _check(owner, url: str, chosen: list[str], conference) -> str:
    if conference is not None and not can_manage(owner, conference):
        raise DomainError(_("Choose one of your own conferences."), field="conference")
    wanted = [e for e in events.EVENTS if e in chosen]
    if not wanted or len(wanted) != len(set(chosen)):
        raise DomainError(_("Choose at least one event."), field="events")
    urls.resolve(url, allow_loopback=allow_loopback())
    return url.strip()


def create(owner, *, url: str, chosen: list[str], conference=None, description: str = ""):
    """A new hook, switched on, with a new secret. Raises DomainError."""
    url = _check(owner, url, chosen, conference)
    hook = Webhook(
        owner_id=owner.id,
        owner=owner,
        conference_id=conference.id if conference else None,
        url=url,
        description=description.strip()[:200],
        events=[e for e in events.EVENTS if e in chosen],
        secret=new_secret(),
        active=True,
    )
    db.session.add(hook)
    db.session.flush()
    audit.record("webhook.created", hook, url=url, events=hook.events)
    return hook


def update(hook: Webhook, *, url: str, chosen: list[str], conference=None, description=""):
    """Change a hook's address, events or conference. Raises DomainError."""
    url = _check(hook.owner, url, chosen, conference)
    hook.url = url
    hook.events = [e for e in events.EVENTS if e in chosen]
    hook.conference_id = conference.id if conference else None
    hook.description = description.strip()[:200]
    db.session.flush()
    audit.record("webhook.updated", hook, url=url, events=hook.events)


def switch(hook: Webhook, on: bool) -> None:
    """Switch a hook on (its waiting deliveries go out at once) or off (they wait)."""
    if on and not hook.active:
        db.session.execute(
            sa.update(WebhookDelivery)
            .where(
                WebhookDelivery.webhook_id == hook.id,
                WebhookDelivery.status == DeliveryStatus.PENDING,
            )
            .values(next_attempt_at=db_now())
            .execution_options(synchronize_session=False)
        )
    hook.active = on
    hook.disabled_reason = ""
    hook.failing_since = None
    db.session.flush()
    audit.record("webhook.switched_on" if on else "webhook.switched_off", hook)


def retry_now(hook: Webhook) -> int:
    """Make the hook's waiting deliveries due at once (its owner fixed the receiver)."""
    if not hook.active:
        raise Conflict(_("Switch the webhook on first; its waiting deliveries then go out."))
    result = db.session.execute(
        sa.update(WebhookDelivery)
        .where(
            WebhookDelivery.webhook_id == hook.id,
            WebhookDelivery.status == DeliveryStatus.PENDING,
        )
        .values(next_attempt_at=db_now())
        .execution_options(synchronize_session=False)
    )
    return result.rowcount


def renew_secret(hook: Webhook) -> None:
    """Give the hook a new secret; deliveries sent from now on are signed with it."""
    hook.secret = new_secret()
    db.session.flush()
    audit.record("webhook.secret_renewed", hook)


def delete(hook: Webhook) -> None:
    """Delete a hook and its deliveries."""
    audit.record("webhook.deleted", hook, url=hook.url)
    db.session.delete(hook)
    db.session.flush()


# --- events into the queue -----------------------------------------------------------------------


def _queue(hook: Webhook, event: str, event_id: str, payload: str, **keys) -> WebhookDelivery:
    delivery = WebhookDelivery(
        webhook_id=hook.id, event=event, event_id=event_id, payload=payload, **keys
    )
    db.session.add(delivery)
    return delivery


# session.info key of the hooks read ahead for an event of a conference (see prefetch()).
PREFETCHED = "okconf_webhooks_prefetched"


def prefetch(event: str, conference) -> None:
    """Read the hooks that want `event` of the conference now, for hooks_for() to use once
    later in this transaction: a new registration reads them before the capacity lock, so
    that its `registration.created` delivery is written without a query (on SQLite under the
    lock; on PostgreSQL before it, for the status the places suggest, which take_place()
    puts right: okconf/registration/places.py).

    A hook added or changed between this read and the commit is treated as if the change
    came just after the registration, as it could have.
    """
    db.session.info.setdefault(PREFETCHED, {})[(event, conference.id)] = _lookup(event, conference)


@event.listens_for(Session, "after_transaction_end")
def _forget_prefetched(session, transaction) -> None:
    if transaction.parent is None:
        session.info.pop(PREFETCHED, None)


def hooks_for(event: str, conference) -> list[Webhook]:
    """The hooks that want this event of this conference, whose owners (still) manage it: an
    organiser removed from a conference stops receiving its events.

    A hook its owner switched off gets nothing; one okconf switched off for failing keeps
    collecting, so that nothing is lost when its owner switches it on again.

    Whether the conference has any such hook at all is read once per version of the
    conference (registration/formsetup.py moves the version when a hook is added, changed or
    deleted), so a registration without hooks sends no statement for them.
    """
    ahead = db.session.info.get(PREFETCHED)
    if ahead and (event, conference.id) in ahead:
        return ahead.pop((event, conference.id))
    return _lookup(event, conference)


def _candidate(conference_id: int):
    return or_(Webhook.active.is_(True), Webhook.disabled_reason == DISABLED_FAILING) & or_(
        Webhook.conference_id == conference_id, Webhook.conference_id.is_(None)
    )


def _lookup(event: str, conference) -> list[Webhook]:
    from okconf.registration.formsetup import per_version

    # The condition is built only when it is sent: a conference without hooks (known with
    # its version) is the usual case, and building it cost every registration 0.2 ms of CPU.
    if not per_version(
        conference,
        "webhooks",
        lambda: db.session.scalar(select(sa.exists().where(_candidate(conference.id)))),
    ):
        return []
    candidate = _candidate(conference.id)
    candidates = db.session.scalars(select(Webhook).where(candidate).order_by(Webhook.id))
    return [
        hook
        for hook in candidates
        if event in (hook.events or []) and hook.owner.active and can_manage(hook.owner, conference)
    ]


def queue_event(event: str, conference, data: dict, *, registration_id: int | None) -> int:
    """Write one event to the queue of every hook that wants it; how many deliveries."""
    hooks = hooks_for(event, conference)
    if not hooks:
        return 0
    event_id, payload = events.body(
        event, {"conference": events.conference_part(conference), **data}
    )
    for hook in hooks:
        _queue(
            hook,
            event,
            event_id,
            payload,
            conference_id=conference.id,
            registration_id=registration_id,
            order_key=f"registration:{registration_id}" if registration_id else None,
        )
    db.session.flush()
    return len(hooks)


def registration_event(event: str, registration) -> int:
    """Queue a registration's event (the receivers of the registration signals call it)."""
    return queue_event(
        event,
        registration.conference,
        {"registration": events.registration_part(registration)},
        registration_id=registration.id,
    )


def claim_event(event: str, claim) -> int:
    """Queue a reimbursement claim's event; it keeps its place in its registration's order."""
    return queue_event(
        event,
        claim.conference,
        {"claim": events.claim_part(claim)},
        registration_id=claim.registration_id,
    )


def ping(hook: Webhook) -> WebhookDelivery:
    """Queue a test delivery to the hook (the worker sends it like any other)."""
    if not hook.active:
        raise Conflict(_("Switch the webhook on before sending a test."))
    event_id, payload = events.body(events.PING, {"webhook": {"id": hook.id}})
    delivery = _queue(hook, events.PING, event_id, payload, conference_id=hook.conference_id)
    db.session.flush()
    return delivery
