"""Staff sign-in, sign-out, password change and user administration."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user
from sqlalchemy import select

from okconf import audit
from okconf.accounts import services
from okconf.accounts.access import public, roles_required, staff_required
from okconf.accounts.forms import ChangePasswordForm, LoginForm, UserForm
from okconf.accounts.models import Role, User
from okconf.errors import DomainError, apply_to_form
from okconf.extensions import db, limiter
from okconf.security import local_path

bp = Blueprint("accounts", __name__)


def _safe_next(target: str | None) -> str:
    """Only redirect to paths on this site."""
    return local_path(target) or url_for("main.dashboard")


def _submitted_email() -> str:
    """Rate-limit key: the email tried, whether or not such an account exists."""
    return "login:" + (request.form.get("email") or "").strip().lower()[:254]


@bp.route("/login", methods=["GET", "POST"])
@public
@limiter.limit("10 per minute; 50 per hour", methods=["POST"])
@limiter.limit("5 per minute; 20 per hour", methods=["POST"], key_func=_submitted_email)
def login():
    """Sign in with email and password."""
    if current_user.is_authenticated:
        return redirect(url_for("main.dashboard"))
    form = LoginForm()
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is not None:
            login_user(user)
            audit.record("user.login", user)
            db.session.commit()
            return redirect(_safe_next(request.args.get("next")))
        form.form_errors.append(_("The email or the password is wrong."))
    return render_template("accounts/login.html", form=form)


@bp.route("/logout", methods=["POST"])
@public
def logout():
    """Sign out."""
    logout_user()
    flash(_("You are signed out."), "info")
    return redirect(url_for("main.index"))


@bp.route("/staff/konto/losenord", methods=["GET", "POST"])
@staff_required
def change_password():
    """Change one's own password."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            services.change_password(
                current_user, form.current_password.data, form.new_password.data
            )
        except DomainError as error:
            apply_to_form(form, error)
        else:
            audit.record("user.password_changed", current_user)
            db.session.commit()
            login_user(current_user)
            flash(_("Your password has been changed."), "success")
            return redirect(url_for("main.dashboard"))
    return render_template("accounts/password.html", form=form)


@bp.route("/staff/admin/anvandare", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def users():
    """Admins list staff users and create new ones."""
    form = UserForm()
    if form.validate_on_submit():
        try:
            user = services.create_user(
                form.email.data, form.name.data, Role(form.role.data), form.password.data
            )
        except DomainError as error:
            apply_to_form(form, error)
        else:
            audit.record("user.created", user, role=user.role.value)
            db.session.commit()
            flash(_("The user %(name)s was created.", name=user.name), "success")
            return redirect(url_for("accounts.users"))
    all_users = db.session.scalars(select(User).order_by(User.name)).all()
    return render_template("accounts/users.html", form=form, users=all_users)
