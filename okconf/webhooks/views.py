"""Staff pages of webhooks: list, new, edit, deliveries, switch on/off, test ping."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import func, select

from okconf.accounts.access import roles_required
from okconf.accounts.models import Role
from okconf.conferences.models import Conference
from okconf.conferences.services import managed_conferences
from okconf.db import as_id
from okconf.errors import DomainError
from okconf.extensions import db
from okconf.webhooks import events, services
from okconf.webhooks.forms import WebhookForm
from okconf.webhooks.models import DeliveryStatus, Webhook, WebhookDelivery

bp = Blueprint("webhooks", __name__, url_prefix="/staff/webhooks")

STAFF = (Role.ORGANISER,)
NAV = [("webhooks.index", _l("Webhooks"), STAFF)]
PAGE_SIZE = 50


def _hook_or_404(webhook_id: int) -> Webhook:
    """The hook, for its owner or an admin: 404 when missing, 403 when someone else's."""
    hook = db.get_or_404(Webhook, webhook_id)
    if not services.may_see(current_user, hook):
        abort(403)
    return hook


def _conference(form: WebhookForm, owner):
    chosen = as_id(form.conference.data)
    if chosen is None:
        return None
    conference = db.session.get(Conference, chosen)
    if conference is None or conference not in managed_conferences(owner):
        raise DomainError(_("Choose one of your own conferences."), field="conference")
    return conference


def _save(form: WebhookForm, hook: Webhook | None):
    """Validate and save; the hook, or None with the errors put on the form."""
    if not form.validate_on_submit():
        return None
    owner = hook.owner if hook else current_user
    values = {
        "url": form.url.data,
        "chosen": list(form.events.data or []),
        "description": form.description.data or "",
    }
    try:
        values["conference"] = _conference(form, owner)
        if hook is None:
            hook = services.create(owner, **values)
        else:
            services.update(hook, **values)
    except DomainError as error:
        db.session.rollback()
        target = getattr(form, error.field or "", None)
        (target.errors if target is not None else form.form_errors).append(error.message)
        return None
    db.session.commit()
    return hook


@bp.route("")
@roles_required(*STAFF)
def index():
    """The hooks the user may see, with what is waiting and whether they fail."""
    hooks = services.visible_hooks(current_user)
    waiting = dict(
        db.session.execute(
            select(WebhookDelivery.webhook_id, func.count())
            .where(WebhookDelivery.status != DeliveryStatus.DELIVERED)
            .group_by(WebhookDelivery.webhook_id)
        ).all()
    )
    return render_template(
        "webhooks/index.html",
        hooks=hooks,
        waiting=waiting,
        labels=events.labels(),
        form=FlaskForm(),
    )


@bp.route("/ny", methods=["GET", "POST"])
@roles_required(*STAFF)
def new():
    """Register a new hook."""
    form = WebhookForm(managed_conferences(current_user))
    if request.method == "GET":
        form.events.data = list(events.EVENTS[:5])
    hook = _save(form, None)
    if hook is not None:
        flash(_("The webhook is saved. Give its secret to the receiving system."), "success")
        return redirect(url_for("webhooks.edit", webhook_id=hook.id))
    return render_template("webhooks/form.html", form=form, hook=None)


@bp.route("/<int:webhook_id>", methods=["GET", "POST"])
@roles_required(*STAFF)
def edit(webhook_id: int):
    """Change a hook; its owner also sees its secret here."""
    hook = _hook_or_404(webhook_id)
    form = WebhookForm(managed_conferences(hook.owner), obj=None)
    if request.method == "GET":
        form.url.data = hook.url
        form.description.data = hook.description
        form.conference.data = str(hook.conference_id or "")
        form.events.data = list(hook.events or [])
    if _save(form, hook) is not None:
        flash(_("The webhook is saved."), "success")
        return redirect(url_for("webhooks.edit", webhook_id=hook.id))
    return render_template(
        "webhooks/form.html",
        form=form,
        hook=hook,
        action_form=FlaskForm(),
        is_owner=hook.owner_id == current_user.id,
    )


@bp.route("/<int:webhook_id>/leveranser")
@roles_required(*STAFF)
def deliveries(webhook_id: int):
    """The hook's latest deliveries, with the receiver's answers."""
    hook = _hook_or_404(webhook_id)
    status = request.args.get("status")
    query = (
        select(WebhookDelivery)
        .where(WebhookDelivery.webhook_id == hook.id)
        .order_by(WebhookDelivery.id.desc())
        .limit(PAGE_SIZE)
    )
    if status in {s.value for s in DeliveryStatus}:
        query = query.where(WebhookDelivery.status == DeliveryStatus(status))
    return render_template(
        "webhooks/deliveries.html",
        hook=hook,
        deliveries=db.session.scalars(query).all(),
        labels=events.labels(),
        status=status,
        form=FlaskForm(),
    )


def _action(webhook_id: int, act, message: str):
    hook = _hook_or_404(webhook_id)
    if not FlaskForm().validate_on_submit():
        flash(_("The form has expired. Send it again."), "error")
        return redirect(url_for("webhooks.edit", webhook_id=hook.id))
    try:
        act(hook)
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
        return redirect(url_for("webhooks.edit", webhook_id=hook.id))
    db.session.commit()
    flash(message, "success")
    return None


@bp.route("/<int:webhook_id>/pa", methods=["POST"])
@roles_required(*STAFF)
def switch_on(webhook_id: int):
    """Switch a hook on: what waited goes out."""
    return _action(
        webhook_id, lambda h: services.switch(h, True), _("The webhook is switched on.")
    ) or redirect(url_for("webhooks.edit", webhook_id=webhook_id))


@bp.route("/<int:webhook_id>/av", methods=["POST"])
@roles_required(*STAFF)
def switch_off(webhook_id: int):
    """Switch a hook off: nothing is sent, new events are not queued."""
    return _action(
        webhook_id, lambda h: services.switch(h, False), _("The webhook is switched off.")
    ) or redirect(url_for("webhooks.edit", webhook_id=webhook_id))


@bp.route("/<int:webhook_id>/test", methods=["POST"])
@roles_required(*STAFF)
def ping(webhook_id: int):
    """Queue a test delivery; the deliveries page shows the answer once the worker sent it."""
    return _action(
        webhook_id, services.ping, _("A test is queued; the worker sends it within a minute.")
    ) or redirect(url_for("webhooks.deliveries", webhook_id=webhook_id))


@bp.route("/<int:webhook_id>/forsok-nu", methods=["POST"])
@roles_required(*STAFF)
def retry(webhook_id: int):
    """Send the waiting deliveries at the worker's next run instead of after their pause."""
    return _action(
        webhook_id,
        services.retry_now,
        _("The waiting deliveries go out at the worker's next run."),
    ) or redirect(url_for("webhooks.deliveries", webhook_id=webhook_id))


@bp.route("/<int:webhook_id>/ny-hemlighet", methods=["POST"])
@roles_required(*STAFF)
def renew_secret(webhook_id: int):
    """Give the hook a new secret (when the old one may have leaked)."""
    hook = _hook_or_404(webhook_id)
    if hook.owner_id != current_user.id:
        abort(403)
    return _action(
        webhook_id, services.renew_secret, _("The webhook has a new secret.")
    ) or redirect(url_for("webhooks.edit", webhook_id=webhook_id))


@bp.route("/<int:webhook_id>/ta-bort", methods=["GET", "POST"])
@roles_required(*STAFF)
def delete(webhook_id: int):
    """Delete a hook and its deliveries, after a confirmation page."""
    if request.method == "GET":
        hook = _hook_or_404(webhook_id)
        waiting = db.session.scalar(
            select(func.count()).where(
                WebhookDelivery.webhook_id == hook.id,
                WebhookDelivery.status != DeliveryStatus.DELIVERED,
            )
        )
        return render_template(
            "macros/confirm.html",
            heading=_("Delete the webhook?"),
            details=[hook.url, hook.description] if hook.description else [hook.url],
            consequence=_(
                "Nothing more is sent to this address, and its %(n)s waiting deliveries are "
                "deleted with it. To stop it only for a while, switch it off instead.",
                n=waiting,
            ),
            button=_("Delete the webhook"),
            action=url_for("webhooks.delete", webhook_id=hook.id),
            back_url=url_for("webhooks.edit", webhook_id=hook.id),
            back_label=_("Back to the webhook"),
        )
    return _action(webhook_id, services.delete, _("The webhook is deleted.")) or redirect(
        url_for("webhooks.index")
    )
