"""Staff account management for admins: create with a role, change role, deactivate or
reactivate, reset two-factor, lift a lock-out. Every change is a high-risk action (fresh
sign-in, security.md A-11), is in the audit trail (Z-04), and ends the user's sessions where
their rights change (A-06, ASVS 7.4.2)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select

from dsar.accounts import lockout, service, totp
from dsar.accounts.forms import ConfirmForm, RoleForm, StaffCreateForm
from dsar.accounts.models import StaffUser
from dsar.core import audit
from dsar.core.access import requires
from dsar.core.db import db
from dsar.core.recent_login import recent_login_required

bp = Blueprint("staff_admin", __name__, url_prefix="/staff")


def _user(user_id: int) -> StaffUser:
    user = db.session.get(StaffUser, user_id)
    if user is None:
        abort(404)
    return user


def _other_active_admins(user: StaffUser) -> int:
    query = select(func.count(StaffUser.id)).where(
        StaffUser.role == "admin", StaffUser.active.is_(True), StaffUser.id != user.id
    )
    return db.session.scalar(query)


def _back():
    return redirect(url_for("staff_admin.staff_list"))


@bp.route("/accounts", methods=["GET"])
@requires("staff.admin")
def staff_list():
    return _list_page()


def _list_page(form: StaffCreateForm | None = None, new_password: str | None = None):
    users = db.session.scalars(select(StaffUser).order_by(StaffUser.active.desc(), StaffUser.email)).all()
    return render_template(
        "accounts/staff_list.html",
        users=users,
        form=form or StaffCreateForm(),
        role_form=RoleForm(),
        confirm_form=ConfirmForm(),
        enrolled={user.id: totp.enrolled(user) for user in users},
        new_password=new_password,
    )


@bp.route("/accounts", methods=["POST"])
@requires("staff.admin")
@recent_login_required
def create_staff():
    form = StaffCreateForm()
    if not form.validate_on_submit():
        return _list_page(form), 400
    password = service.generate_password()  # the admin never chooses it (ASVS 6.4.6)
    try:
        user = service.create_staff(form.email.data, form.name.data, form.role.data, password)
    except service.AccountError:
        flash(_("A staff account with this e-mail address already exists."), "error")
        return _list_page(form), 400
    db.session.flush()
    audit.record("staff.account_created", current_user.id, user_id=user.id, role=user.role)
    db.session.commit()
    flash(_("The account was created. Give the password to its owner over a separate channel."), "info")
    return _list_page(None, new_password=password)


@bp.route("/accounts/<int:user_id>/role", methods=["POST"])
@requires("staff.admin")
@recent_login_required
def change_role(user_id: int):
    user, form = _user(user_id), RoleForm()
    if not form.validate_on_submit():
        abort(400)
    if user.role == "admin" and form.role.data != "admin" and not _other_active_admins(user):
        flash(_("The last active admin cannot lose the admin role."), "error")
        return _back()
    if form.role.data != user.role:
        audit.record(
            "staff.role_changed", current_user.id, user_id=user.id, old=user.role, new=form.role.data
        )
        user.role = form.role.data
        service.end_sessions(user)  # new rights start with a new sign-in
        db.session.commit()
        flash(_("The role was changed; the user signs in again."), "info")
    return _back()


@bp.route("/accounts/<int:user_id>/deactivate", methods=["GET", "POST"])
@requires("staff.admin")
@recent_login_required
def deactivate(user_id: int):
    """A confirmation page first (GET); only its button (``confirmed``) deactivates: the step is
    on the server, so it holds without JavaScript and under a strict CSP."""
    user = _user(user_id)
    if request.method == "GET":
        return render_template("accounts/deactivate.html", user=user, form=ConfirmForm())
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if request.form.get("confirmed") != "yes":
        return redirect(url_for("staff_admin.deactivate", user_id=user.id))
    if user.role == "admin" and user.active and not _other_active_admins(user):
        flash(_("The last active admin cannot be deactivated."), "error")
        return _back()
    user.active = False
    service.end_sessions(user)  # ASVS 7.4.2: disabling an account kills its sessions
    audit.record("staff.account_deactivated", current_user.id, user_id=user.id)
    db.session.commit()
    flash(_("The account was deactivated and its sessions ended."), "info")
    return _back()


@bp.route("/accounts/<int:user_id>/reactivate", methods=["POST"])
@requires("staff.admin")
@recent_login_required
def reactivate(user_id: int):
    user = _user(user_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    user.active = True
    audit.record("staff.account_reactivated", current_user.id, user_id=user.id)
    db.session.commit()
    flash(_("The account was reactivated."), "info")
    return _back()


@bp.route("/accounts/<int:user_id>/reset-two-factor", methods=["POST"])
@requires("staff.admin")
@recent_login_required
def reset_two_factor(user_id: int):
    user = _user(user_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    totp.reset(user, current_user.id)  # also ends the user's sessions
    db.session.commit()
    flash(_("Two-factor sign-in was reset; the user sets it up again at the next sign-in."), "info")
    return _back()


@bp.route("/accounts/<int:user_id>/unlock", methods=["POST"])
@requires("staff.admin")
@recent_login_required
def unlock(user_id: int):
    user = _user(user_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    lockout.unlock(user.email, current_user.id, user.id)
    db.session.commit()
    flash(_("The lock-out was lifted."), "info")
    return _back()
