"""Organisers' pages for the conference on the hosts' websites (the embedded form and the
feeds) and for calling a conference off."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import TextAreaField
from wtforms.validators import Length

from okconf.accounts.access import roles_required
from okconf.accounts.models import Role
from okconf.actions import submit
from okconf.conferences import hosting, services
from okconf.conferences.access import get_managed_conference
from okconf.conferences.blueprint import bp
from okconf.errors import DomainError
from okconf.extensions import db


class EmbedForm(FlaskForm):
    """The host sites that may show the registration form."""

    embed_origins = TextAreaField(
        _l("Websites that may show the form"),
        validators=[Length(max=4000, message=_l("The list is too long."))],
        render_kw={"rows": 4, "spellcheck": "false", "autocapitalize": "off"},
    )


def snippets(conference) -> dict[str, str]:
    """The code an organiser copies into the host's page: a script that sizes the frame,
    and a plain iframe for sites that allow no scripts."""
    base = current_app.config["BASE_URL"].rstrip("/")
    form_url = f"{base}{url_for('registration.embedded', slug=conference.slug)}"
    page_url = f"{base}{url_for('conferences.public_show', slug=conference.slug)}"
    return {
        "script": (
            f'<script src="{base}{url_for("static", filename="js/embed.js")}" '
            f'data-conference="{conference.slug}" data-lang="sv" async></script>\n'
            f'<noscript><a href="{page_url}">Anmälan till {conference.title}</a></noscript>'
        ),
        "iframe": (
            f'<iframe src="{form_url}?lang=sv" title="Anmälan till {conference.title}" '
            f'style="width:100%;height:80rem;border:0"></iframe>'
        ),
        "form_url": form_url,
    }


@bp.route("/staff/konferenser/<int:conference_id>/pa-webbplatsen", methods=["GET", "POST"])
@roles_required(Role.ORGANISER)
def staff_hosting(conference_id: int):
    """The registration form on the hosts' websites, and the feeds of conferences."""
    conference = get_managed_conference(conference_id)
    form = EmbedForm(data={"embed_origins": conference.embed_origins})
    if form.validate_on_submit():
        done, _outcome = submit(
            form,
            lambda: hosting.set_embed_origins(conference, form.embed_origins.data or ""),
            _("The list of websites was saved."),
        )
        if done:
            return redirect(url_for("conferences.staff_hosting", conference_id=conference_id))
    from okconf.conferences import feeds  # icalendar: only on this page

    return render_template(
        "conferences/staff_hosting.html",
        conference=conference,
        form=form,
        origins=hosting.allowed_origins(conference),
        snippets=snippets(conference),
        feeds=feeds.feed_links(),
        series_feeds=feeds.feed_links(conference.series) if conference.series else None,
    )


def _dashboard(conference_id: int):
    return redirect(url_for("main.conference", conference_id=conference_id))


@bp.route("/staff/konferenser/<int:conference_id>/stall-in", methods=["GET", "POST"])
@roles_required(Role.ORGANISER)
def staff_cancel(conference_id: int):
    """Call the conference off (asks first)."""

    conference = get_managed_conference(conference_id)
    if conference.cancelled_at is not None:
        return _dashboard(conference_id)
    if request.method == "POST":
        try:
            hosting.cancel(conference)
        except DomainError as error:
            db.session.rollback()
            flash(error.message, "error")
        else:
            db.session.commit()
            flash(
                _("The conference is cancelled. Tell the registered participants in a message."),
                "success",
            )
        return _dashboard(conference_id)
    return render_template(
        "macros/confirm.html",
        heading=_("Cancel %(title)s?", title=conference.title),
        details=[
            _("%(count)s confirmed participants", count=services.confirmed_count(conference)),
        ],
        consequence=_(
            "The conference stays on its public page and in the calendar feeds, marked as "
            "cancelled, and takes no more registrations. The registrations are kept; okconf "
            "sends no mail by itself. You can undo this."
        ),
        button=_("Cancel the conference"),
        action=url_for("conferences.staff_cancel", conference_id=conference_id),
        back_url=url_for("main.conference", conference_id=conference_id),
        back_label=_("Back to %(title)s", title=conference.title),
        conference=conference,
    )


@bp.route("/staff/konferenser/<int:conference_id>/stall-in/angra", methods=["POST"])
@roles_required(Role.ORGANISER)
def staff_reinstate(conference_id: int):
    """Undo the cancellation."""
    conference = get_managed_conference(conference_id)
    try:
        hosting.reinstate(conference)
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        db.session.commit()
        flash(_("The conference is no longer cancelled."), "success")
    return _dashboard(conference_id)
