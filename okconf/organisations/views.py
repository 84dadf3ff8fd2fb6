"""The organisations registry (staff), its import, and the public list of signatories."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from okconf import audit
from okconf.accounts.access import public, roles_required
from okconf.accounts.models import Role
from okconf.actions import submit
from okconf.errors import DomainError
from okconf.extensions import db
from okconf.organisations import kept_uploads, services
from okconf.organisations.forms import (
    ButtonForm,
    ContactForm,
    ImportForm,
    OrganisationForm,
    SearchForm,
)
from okconf.organisations.models import ContactPerson, Organisation
from okconf.vocabulary import OrganisationType, Party

bp = Blueprint("organisations", __name__)

STAFF = (Role.ORGANISER,)  # admins always pass
NAV = [("organisations.index", _l("Organisations"), STAFF)]


@bp.route("/anslutna-organisationer")
@public
def signatories():
    """The organisations that signed the Agreement, in the order they joined."""
    return render_template("organisations/signatories.html", organisations=services.signatories())


@bp.route("/staff/organisationer")
@roles_required(*STAFF)
def index():
    """The registry, searchable and filtered by type, party, town and signing."""
    form = SearchForm(services.towns(), formdata=request.args)
    form.validate()

    def valid(f):
        """A filter's value, or empty when it is not one of the choices (a forged URL)."""
        return "" if f.errors else (f.data or "")

    filters = services.Filters(
        q=valid(form.q),
        org_type=OrganisationType(valid(form.org_type)) if valid(form.org_type) else None,
        party=Party(valid(form.party)) if valid(form.party) else None,
        town=valid(form.town),
        signatory={"yes": True, "no": False}.get(valid(form.signatory)),
    )
    organisations = services.search_organisations(filters)
    return render_template("organisations/index.html", form=form, organisations=organisations)


def _save(form: OrganisationForm, organisation: Organisation | None) -> Organisation:
    return services.save_organisation(
        organisation,
        name=form.name.data,
        org_type=OrganisationType(form.org_type.data),
        party=Party(form.party.data) if form.party.data else None,
        town=form.town.data or "",
        email=form.email.data,
        website=form.website.data,
        signed_agreement_on=form.signed_agreement_on.data,
    )


@bp.route("/staff/organisationer/ny", methods=["GET", "POST"])
@roles_required(*STAFF)
def create():
    """Add an organisation to the registry."""
    form = OrganisationForm()
    if form.validate_on_submit():

        def create():
            organisation = _save(form, None)
            audit.record("organisation.created", organisation, name=organisation.name)
            return organisation

        done, organisation = submit(
            form, create, lambda organisation: _("%(name)s was added.", name=organisation.name)
        )
        if done:
            return redirect(url_for("organisations.edit", organisation_id=organisation.id))
    return render_template("organisations/form.html", form=form, organisation=None)


@bp.route("/staff/organisationer/<int:organisation_id>", methods=["GET", "POST"])
@roles_required(*STAFF)
def edit(organisation_id: int):
    """Edit an organisation; its contact people are listed below."""
    organisation = db.get_or_404(Organisation, organisation_id)
    form = OrganisationForm(obj=organisation)
    if request.method == "GET":
        form.org_type.data = organisation.org_type.value
        form.party.data = organisation.party.value
    if form.validate_on_submit():

        def save():
            _save(form, organisation)
            audit.record("organisation.updated", organisation, name=organisation.name)

        if submit(form, save, _("The changes were saved."))[0]:
            return redirect(url_for("organisations.edit", organisation_id=organisation.id))
    return render_template(
        "organisations/form.html", form=form, organisation=organisation, contact_form=ContactForm()
    )


@bp.route("/staff/organisationer/<int:organisation_id>/radera", methods=["POST"])
@roles_required(*STAFF)
def delete(organisation_id: int):
    """Delete an organisation (refused while it hosts a conference)."""
    organisation = db.get_or_404(Organisation, organisation_id)
    if not ButtonForm().validate_on_submit():
        abort(400)
    name = organisation.name
    try:
        audit.record("organisation.deleted", organisation, name=name)
        services.delete_organisation(organisation)
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
        return redirect(url_for("organisations.edit", organisation_id=organisation_id))
    db.session.commit()
    flash(_("%(name)s was deleted.", name=name), "success")
    return redirect(url_for("organisations.index"))


@bp.route("/staff/organisationer/<int:organisation_id>/kontakter", methods=["POST"])
@bp.route(
    "/staff/organisationer/<int:organisation_id>/kontakter/<int:contact_id>",
    methods=["GET", "POST"],
)
@roles_required(*STAFF)
def contact(organisation_id: int, contact_id: int | None = None):
    """Add a contact person (POST without id) or edit one."""
    organisation = db.get_or_404(Organisation, organisation_id)
    person = None
    if contact_id is not None:
        person = db.session.get(ContactPerson, contact_id)
        if person is None or person.organisation_id != organisation.id:
            abort(404)
    form = ContactForm(obj=person)
    if form.validate_on_submit():

        def save():
            saved = services.save_contact(
                organisation,
                person,
                name=form.name.data,
                email=form.email.data,
                phone=form.phone.data,
                title=form.title.data,
            )
            audit.record("organisation.contact_saved", organisation, contact=saved.name)
            return saved

        done, _saved = submit(form, save, lambda saved: _("%(name)s was saved.", name=saved.name))
        if done:
            return redirect(url_for("organisations.edit", organisation_id=organisation.id))
    return render_template(
        "organisations/contact.html", form=form, organisation=organisation, contact=person
    )


@bp.route(
    "/staff/organisationer/<int:organisation_id>/kontakter/<int:contact_id>/radera",
    methods=["POST"],
)
@roles_required(*STAFF)
def delete_contact(organisation_id: int, contact_id: int):
    """Remove a contact person."""
    person = db.session.get(ContactPerson, contact_id)
    if person is None or person.organisation_id != organisation_id:
        abort(404)
    if not ButtonForm().validate_on_submit():
        abort(400)
    audit.record("organisation.contact_deleted", person.organisation, contact=person.name)
    services.delete_contact(person)
    db.session.commit()
    flash(_("The contact person was removed."), "success")
    return redirect(url_for("organisations.edit", organisation_id=organisation_id))


@bp.route("/staff/organisationer/import", methods=["GET", "POST"])
@roles_required(*STAFF)
def import_upload():
    """Upload a file; every row is checked and shown before anything is written."""
    from okconf.organisations import importing  # the file reader: only for an import

    form = ImportForm()
    if form.validate_on_submit():
        upload = form.file.data
        data = upload.read()
        preview = importing.preview_import(upload.filename or "", data)
        token = kept_uploads.store_upload(current_user.id, upload.filename or "", data)
        return render_template(
            "organisations/import_preview.html",
            preview=preview,
            token=token,
            filename=upload.filename,
            form=ButtonForm(),
        )
    return render_template("organisations/import.html", form=form)


@bp.route("/staff/organisationer/import/<token>", methods=["POST"])
@roles_required(*STAFF)
def import_confirm(token: str):
    """Write a previewed file: every row in one transaction, or nothing."""
    from okconf.organisations import importing

    form = ButtonForm()
    if not form.validate_on_submit():
        abort(400)
    upload = kept_uploads.load_upload(token, current_user.id)
    if upload is None:
        flash(_("The uploaded file is no longer available. Upload it again."), "error")
        return redirect(url_for("organisations.import_upload"))
    filename, data = upload
    preview = importing.preview_import(filename, data)
    if not preview.ok:
        return render_template(
            "organisations/import_preview.html",
            preview=preview,
            token=token,
            filename=filename,
            form=form,
        )
    try:
        created, updated = importing.apply_import(preview)
        audit.record("organisations.imported", filename=filename, created=created, updated=updated)
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        flash(
            _("The registry changed while you were importing; nothing was written. Try again."),
            "error",
        )
        return redirect(url_for("organisations.import_upload"))
    kept_uploads.discard_upload(token)
    flash(
        _(
            "Import done: %(created)s organisations added, %(updated)s updated.",
            created=created,
            updated=updated,
        ),
        "success",
    )
    return redirect(url_for("organisations.index"))
