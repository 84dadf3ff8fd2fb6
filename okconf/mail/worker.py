"""The mail worker's run: one or several sending threads in one process.

Sending a mail is mostly waiting: for the database (the lease, the outbox row, what the mail
is about, the "sent" mark, each a round trip) and for the SMTP server. A worker with several
threads keeps that waiting from capping it: each thread has its own app context, so its own
database session and SMTP connection, and claims its own batch through send_due_mails, exactly
as separate workers would (on PostgreSQL `FOR UPDATE SKIP LOCKED`, a lease token checked by
every change). On SQLite, which has one writer at a time, one thread is the sensible choice.
"""

from __future__ import annotations

import threading

from flask import current_app

from okconf.extensions import db


def send_due(limit: int | None = None, worker: str = "", threads: int = 1) -> dict[str, int]:
    """Send what is due with `threads` threads, each claiming up to `limit` mails (default
    OUTBOX_BATCH_SIZE); the summed {"sent", "failed"}. The first error of a thread is raised
    after all have finished (what it held comes back when its lease runs out)."""
    from okconf.mail.services import send_due_mails

    if threads <= 1:
        return send_due_mails(limit, worker)
    app = current_app._get_current_object()
    results: list[dict[str, int]] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def run(number: int) -> None:
        with app.app_context():
            try:
                result = send_due_mails(limit, f"{worker}/{number}")
            except BaseException as error:  # re-raised in the calling thread
                with lock:
                    errors.append(error)
                return
            finally:
                db.session.remove()
            with lock:
                results.append(result)

    workers = [threading.Thread(target=run, args=(n,), daemon=True) for n in range(threads)]
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join()
    if errors:
        raise errors[0]
    return {
        "sent": sum(r["sent"] for r in results),
        "failed": sum(r["failed"] for r in results),
    }
