"""The webhook worker: claim due deliveries, sign and send them, retry, switch off dead hooks.

Claims work like the mail outbox's (okconf/mail/services.py): `FOR UPDATE SKIP LOCKED` on
PostgreSQL, a lease per delivery on the database's clock, and a lease token that every later
change checks, so two workers never send one row twice. A delivery is due only when no earlier
delivery of the same hook and registration is still waiting: a receiver never gets a
registration's "cancelled" before its "created". A delivery is retried with growing pauses until
the receiver answers 2xx; a hook whose deliveries have all failed for WEBHOOK_DISABLE_AFTER_DAYS
is switched off and its owner told by mail (its deliveries wait until it is switched on).
"""

from __future__ import annotations

import logging
import secrets
import time
from datetime import timedelta

import httpx
from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import exists, or_, select, update
from sqlalchemy.orm import aliased

from okconf import audit
from okconf.extensions import db
from okconf.mail.services import db_now, queue_mail
from okconf.webhooks import services, urls
from okconf.webhooks.models import DeliveryStatus, Webhook, WebhookDelivery

log = logging.getLogger("okconf.webhooks")

D = WebhookDelivery
RESPONSE_KEPT = 2000  # characters of the receiver's answer kept for the staff page
USER_AGENT = "okconf-webhooks/1"


def backoff(attempts: int) -> timedelta:
    """WEBHOOK_RETRY_SECONDS, then twice as long each time, up to WEBHOOK_MAX_BACKOFF_SECONDS."""
    config = current_app.config
    first = config["WEBHOOK_RETRY_SECONDS"]
    seconds = min(first * 2 ** max(attempts - 1, 0), config["WEBHOOK_MAX_BACKOFF_SECONDS"])
    return timedelta(seconds=seconds)


def _due(now):
    earlier = aliased(D)
    waiting_before = exists().where(
        earlier.webhook_id == D.webhook_id,
        earlier.order_key == D.order_key,
        earlier.id < D.id,
        earlier.status != DeliveryStatus.DELIVERED,
    )
    ready = or_(
        (D.status == DeliveryStatus.PENDING) & (D.next_attempt_at <= now),
        (D.status == DeliveryStatus.SENDING) & (D.lease_until < now),
    )
    switched_on = exists().where(Webhook.id == D.webhook_id, Webhook.active.is_(True))
    return ready & switched_on & ~waiting_before


def claim(limit: int) -> tuple[list[int], str]:
    """Claim due deliveries for this worker and commit the claim: (their ids, the lease token)."""
    now = db_now()
    query = select(D.id).where(_due(now)).order_by(D.next_attempt_at, D.id).limit(limit)
    if db.engine.dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    ids = db.session.scalars(query).all()
    token = secrets.token_hex(16)
    if ids:
        lease = now + timedelta(seconds=current_app.config["WEBHOOK_LEASE_SECONDS"])
        # Due again in the UPDATE: on SQLite (no row locks) a second worker's claim of the same
        # rows then takes nothing.
        claimed = set(
            db.session.scalars(
                update(D)
                .where(D.id.in_(ids), _due(now))
                .values(status=DeliveryStatus.SENDING, lease_until=lease, lease_token=token)
                .returning(D.id)
                .execution_options(synchronize_session=False)
            ).all()
        )
        ids = [i for i in ids if i in claimed]
    db.session.commit()
    return ids, token


def _held(delivery_id: int, token: str):
    return (D.id == delivery_id) & (D.lease_token == token)


def _start_attempt(delivery_id: int, token: str) -> int | None:
    """Renew the lease and count the attempt before sending; None when the lease was lost."""
    now = db_now()
    attempts = db.session.scalar(
        update(D)
        .where(_held(delivery_id, token), D.status == DeliveryStatus.SENDING)
        .values(
            lease_until=now + timedelta(seconds=current_app.config["WEBHOOK_LEASE_SECONDS"]),
            attempts=D.attempts + 1,
            last_attempt_at=now,
        )
        .returning(D.attempts)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return attempts


def _change(delivery_id: int, token: str, **values) -> bool:
    """Change a held delivery and release it; False when another worker holds it now."""
    result = db.session.execute(
        update(D)
        .where(_held(delivery_id, token))
        .values(lease_until=None, lease_token=None, **values)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    if result.rowcount != 1:
        log.warning("Webhook delivery %s: lease lost to another worker", delivery_id)
        return False
    return True


def _headers(delivery: WebhookDelivery, secret: str, host: str) -> dict[str, str]:
    timestamp = int(time.time())
    return {
        "Host": host,
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": USER_AGENT,
        "Okconf-Event": delivery.event,
        "Okconf-Event-Id": delivery.event_id,
        "Okconf-Delivery": str(delivery.id),
        "Okconf-Timestamp": str(timestamp),
        "Okconf-Signature": services.signature(secret, timestamp, delivery.payload),
    }


def _post(delivery: WebhookDelivery, hook: Webhook) -> tuple[int, str]:
    """Send one delivery to its checked address: (status code, the start of the answer)."""
    target = urls.resolve(hook.url, allow_loopback=services.allow_loopback())
    extensions = {"sni_hostname": target.sni_hostname} if target.sni_hostname else {}
    timeout = httpx.Timeout(current_app.config["WEBHOOK_TIMEOUT_SECONDS"])
    with (
        httpx.Client(timeout=timeout, follow_redirects=False, trust_env=False) as client,
        client.stream(
            "POST",
            target.url,
            content=delivery.payload.encode(),
            headers=_headers(delivery, hook.secret, target.host_header),
            extensions=extensions,
        ) as response,
    ):
        kept = b""
        for chunk in response.iter_bytes():
            kept += chunk
            if len(kept) >= RESPONSE_KEPT:
                break
        return response.status_code, kept[:RESPONSE_KEPT].decode("utf-8", "replace")


def send_due(limit: int | None = None, worker: str = "") -> dict[str, int]:
    """Send the due deliveries; failures are recorded and retried later, never dropped."""
    limit = limit or current_app.config["WEBHOOK_BATCH_SIZE"]
    ids, token = claim(limit)
    result = {"delivered": 0, "failed": 0}
    for delivery_id in ids:
        outcome = _send_one(delivery_id, token)
        if outcome:
            result[outcome] += 1
    if result["delivered"] or result["failed"]:
        log.info(
            "%s: delivered %s, failed %s",
            worker or "send_due",
            result["delivered"],
            result["failed"],
        )
    return result


def _send_one(delivery_id: int, token: str) -> str | None:
    attempts = _start_attempt(delivery_id, token)
    if attempts is None:
        return None
    delivery = db.session.get(D, delivery_id)
    hook = delivery.webhook
    if not hook.active:  # switched off since the claim: the delivery waits, uncounted
        _change(delivery_id, token, status=DeliveryStatus.PENDING, attempts=D.attempts - 1)
        return None
    status, answer, error = None, None, None
    try:
        status, answer = _post(delivery, hook)
    except urls.UnsafeAddress as refused:
        error = str(refused)
    except (httpx.HTTPError, OSError) as failure:
        error = f"{type(failure).__name__}: {failure}"
    except Exception as failure:  # recorded and retried like any failure: never lost
        log.exception("Webhook delivery %s: unexpected error", delivery_id)
        error = f"{type(failure).__name__}: {failure}"
    hook_id = hook.id
    if status is not None and 200 <= status < 300:
        _change(
            delivery_id,
            token,
            status=DeliveryStatus.DELIVERED,
            delivered_at=db_now(),
            response_status=status,
            response_body=answer,
            last_error=None,
        )
        db.session.execute(update(Webhook).where(Webhook.id == hook_id).values(failing_since=None))
        db.session.commit()
        return "delivered"
    now = db_now()
    changed = _change(
        delivery_id,
        token,
        status=DeliveryStatus.PENDING,
        next_attempt_at=now + backoff(attempts),
        response_status=status,
        response_body=answer,
        last_error=error[:2000] if error else None,  # an answer's status speaks for itself
    )
    if not changed:
        return None
    log.warning(
        "Webhook delivery %s not accepted (attempt %s): %s",
        delivery_id,
        attempts,
        error or f"status {status}",
    )
    _record_failure(hook_id, now)
    return "failed"


def _record_failure(hook_id: int, now) -> None:
    """Note since when the hook fails; past WEBHOOK_DISABLE_AFTER_DAYS switch it off (once)."""
    db.session.execute(
        update(Webhook)
        .where(Webhook.id == hook_id, Webhook.failing_since.is_(None))
        .values(failing_since=now)
    )
    limit = now - timedelta(days=current_app.config["WEBHOOK_DISABLE_AFTER_DAYS"])
    switched_off = db.session.scalar(
        update(Webhook)
        .where(Webhook.id == hook_id, Webhook.active.is_(True), Webhook.failing_since <= limit)
        .values(active=False, disabled_reason=services.DISABLED_FAILING)
        .returning(Webhook.id)
        .execution_options(synchronize_session=False)
    )
    if switched_off:
        hook = db.session.get(Webhook, hook_id)
        db.session.refresh(hook)
        _tell_owner(hook)
        audit.record(
            "webhook.switched_off", hook, actor="webhook worker", reason=services.DISABLED_FAILING
        )
        log.warning("Webhook %s switched off: failing since %s", hook_id, hook.failing_since)
    db.session.commit()


def _tell_owner(hook: Webhook) -> None:
    owner = hook.owner
    locale = owner.locale or current_app.config["BABEL_DEFAULT_LOCALE"]
    with force_locale(locale):
        subject = _("Your webhook has been switched off")
    queue_mail(
        owner.email,
        "webhooks/email/switched_off",
        subject=subject,
        locale=locale,
        kind="webhook_switched_off",
        conference_id=hook.conference_id,
        hook=hook,
        owner=owner,
        days=current_app.config["WEBHOOK_DISABLE_AFTER_DAYS"],
    )
