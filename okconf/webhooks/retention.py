"""Retention of webhook deliveries: their bodies name participants, so they do not stay."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import delete, func, select

from okconf.extensions import db
from okconf.webhooks.models import WebhookDelivery


def purge_deliveries(on: date, dry_run: bool) -> tuple[str, int]:
    """Delete deliveries RETENTION_WEBHOOK_DAYS after they were delivered (or written, when
    they never were: their hook has long been switched off for failing)."""
    days = current_app.config["RETENTION_WEBHOOK_DAYS"]
    cutoff = datetime.combine(on - timedelta(days=days), time(), ZoneInfo("Europe/Stockholm"))
    age_from = func.coalesce(WebhookDelivery.delivered_at, WebhookDelivery.created_at)
    ids = db.session.scalars(select(WebhookDelivery.id).where(age_from < cutoff)).all()
    if ids and not dry_run:
        db.session.execute(delete(WebhookDelivery).where(WebhookDelivery.id.in_(ids)))
    return "webhook deliveries", len(ids)


PURGE_STEPS = [purge_deliveries]
