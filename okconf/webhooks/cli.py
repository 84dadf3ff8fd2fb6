"""`flask okconf send-webhooks`: the webhook worker."""

from __future__ import annotations

import logging
import os
import socket
import time

import click

from okconf.extensions import db

log = logging.getLogger("okconf.webhooks")


@click.command("send-webhooks")
@click.option("--loop", is_flag=True, help="Keep running, sending what is due.")
@click.option("--interval", default=5.0, show_default=True, help="Seconds between idle runs.")
@click.option("--once-max", default=None, type=int, help="At most this many deliveries a run.")
def send_webhooks(loop: bool, interval: float, once_max: int | None) -> None:
    """Send the due webhook deliveries (signed, retried with backoff until accepted)."""
    from okconf.webhooks.sender import send_due

    worker = f"{socket.gethostname()}:{os.getpid()}"
    while True:
        try:
            result = send_due(once_max, worker)
        except Exception as error:
            if not loop:
                raise
            # A lost database: what this run held comes back when its leases run out.
            log.warning(
                "Webhook worker %s: run failed, retrying in %ss: %s", worker, interval, error
            )
            db.session.remove()
            time.sleep(interval)
            continue
        if result["delivered"] or result["failed"]:
            click.echo(f"delivered {result['delivered']}, failed {result['failed']}")
        db.session.remove()
        if not loop:
            break
        if not result["delivered"]:
            time.sleep(interval)


commands = [send_webhooks]
