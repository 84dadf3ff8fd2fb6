"""The admins' view of the outbox."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import func, select

from okconf import audit
from okconf.accounts.access import roles_required
from okconf.accounts.models import Role
from okconf.extensions import db
from okconf.mail import services
from okconf.mail.models import MailStatus, OutboxMail

bp = Blueprint("mail", __name__, url_prefix="/admin/outbox")

PAGE_SIZE = 100


@bp.route("/")
@roles_required(Role.ADMIN)
def outbox():
    """List outgoing mails, the waiting and failing ones first."""
    status = request.args.get("status")
    query = select(OutboxMail).order_by(OutboxMail.status, OutboxMail.id.desc()).limit(PAGE_SIZE)
    if status in {s.value for s in MailStatus}:
        query = query.where(OutboxMail.status == MailStatus(status))
    counts = dict(
        db.session.execute(
            select(OutboxMail.status, func.count()).group_by(OutboxMail.status)
        ).all()
    )
    mails = db.session.scalars(query).all()
    return render_template(
        "mail/outbox.html",
        mails=mails,
        pending=counts.get(MailStatus.PENDING, 0),
        failed=counts.get(MailStatus.FAILED, 0),
        status=status,
    )


@bp.route("/<int:mail_id>")
@roles_required(Role.ADMIN)
def show(mail_id: int):
    """One outgoing mail as it will be (or was) sent."""
    outgoing = db.get_or_404(OutboxMail, mail_id)
    preview, error = services.preview(outgoing)
    return render_template("mail/show.html", mail=outgoing, preview=preview, error=error)


@bp.route("/<int:mail_id>/retry", methods=["POST"])
@roles_required(Role.ADMIN)
def retry(mail_id: int):
    """Make a waiting or failed mail due now."""
    outgoing = db.get_or_404(OutboxMail, mail_id)
    services.retry_now(outgoing)
    audit.record("mail.retry", outgoing)
    db.session.commit()
    flash(_("The mail will be sent at the next run of the mail worker."), "info")
    return redirect(url_for("mail.outbox"))
