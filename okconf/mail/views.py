"""The admins' view of the outbox."""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from okconf import audit
from okconf.accounts.access import roles_required
from okconf.accounts.models import Role
from okconf.extensions import db
from okconf.mail import services
from okconf.mail.models import MailStatus, OutboxAttachment, OutboxMail
from okconf.mail.rendering import text_to_html

bp = Blueprint("mail", __name__, url_prefix="/staff/admin/utkorg")
# Plain text (a template's or an organiser's) as paragraphs in an HTML mail template.
bp.add_app_template_filter(text_to_html, "mail_paragraphs")

NAV = [("mail.outbox", _l("Outbox"), (Role.ADMIN,))]

# An HTML mail is shown in a sandboxed frame: no script, no forms, nothing fetched from
# outside, and only this site may frame it.
HTML_PREVIEW_CSP = (
    "sandbox; default-src 'none'; img-src data:; style-src 'unsafe-inline'; frame-ancestors 'self'"
)

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
    return render_template(
        "mail/show.html",
        mail=outgoing,
        preview=preview,
        error=error,
        sender=current_app.config["MAIL_DEFAULT_SENDER"],
    )


@bp.route("/<int:mail_id>/html")
@roles_required(Role.ADMIN)
def html_body(mail_id: int):
    """The mail's HTML part as it is (or will be) sent, for the preview's sandboxed frame
    (404 when it has none)."""
    outgoing = db.get_or_404(OutboxMail, mail_id)
    preview, _error = services.preview(outgoing)
    if preview is None or not preview.body_html:
        abort(404)
    response = Response(preview.body_html, mimetype="text/html")
    response.headers["Content-Security-Policy"] = HTML_PREVIEW_CSP
    response.headers["X-Frame-Options"] = "SAMEORIGIN"
    return response


@bp.route("/<int:mail_id>/bilagor/<int:attachment_id>")
@roles_required(Role.ADMIN)
def attachment(mail_id: int, attachment_id: int):
    """One attachment, downloaded as the recipient gets it."""
    file = db.get_or_404(OutboxAttachment, attachment_id)
    if file.mail_id != mail_id:
        abort(404)
    audit.record("mail.attachment_opened", file.mail, attachment=file.filename)
    db.session.commit()
    response = Response(file.data, mimetype=file.content_type or "application/octet-stream")
    response.headers["Content-Disposition"] = _disposition(file.filename)
    response.headers["Content-Security-Policy"] = "sandbox; default-src 'none'"
    return response


def _disposition(filename: str) -> str:
    """An attachment header that survives any file name (quotes, non-ASCII letters)."""
    from urllib.parse import quote

    plain = "".join(
        c if c.isascii() and c.isprintable() and c not in '"\\' else "_" for c in filename
    )
    return f"attachment; filename=\"{plain}\"; filename*=UTF-8''{quote(filename)}"


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
