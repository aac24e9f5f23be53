"""Admin views: manage accounts, read the audit log."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from interview.admin.forms import AuditFilterForm, NewUserForm, ToggleUserForm
from interview.audit import recent_events
from interview.auth.decorators import permission_required
from interview.auth.forms import NewPasswordForm
from interview.auth.users import (
    AccountError,
    add_account,
    all_users,
    get_user_or_404,
    set_active,
    set_password,
)
from interview.permissions import Permission, role_label

bp = Blueprint("admin", __name__, url_prefix="/admin")

AUDIT_PAGE_SIZE = 200

bp.add_app_template_global(role_label, "role_label")


@bp.route("/users", methods=["GET", "POST"])
@permission_required(Permission.USERS_MANAGE)
def users():
    """List accounts and create new ones."""
    form = NewUserForm()
    if form.validate_on_submit():
        try:
            user = add_account(form.username.data.strip(), form.password.data, form.role.data)
        except AccountError as error:
            form[error.field].errors.append(str(error))
        else:
            flash(_("Account %(name)s created.", name=user.username), "success")
            return redirect(url_for("admin.users"))
    return render_template(
        "admin/users.html", form=form, accounts=all_users(), toggle_form=ToggleUserForm()
    )


@bp.post("/users/<id:user_id>/toggle")
@permission_required(Permission.USERS_MANAGE)
def toggle_user(user_id: int):
    """Disable or re-enable an account; admins cannot lock themselves out."""
    user = get_user_or_404(user_id)
    if ToggleUserForm().validate_on_submit() and user.id != current_user.id:
        set_active(user, not user.active)
        flash(_("Account %(name)s updated.", name=user.username), "success")
    else:
        flash(_("You cannot disable your own account."), "error")
    return redirect(url_for("admin.users"))


@bp.route("/users/<int:user_id>/password", methods=["GET", "POST"])
@permission_required(Permission.USERS_MANAGE)
def reset_password(user_id: int):
    """Set a new password for another account (audited); its sessions all end."""
    user = get_user_or_404(user_id)
    if user.id == current_user.id:
        return redirect(url_for("auth.change_password"))  # your own: prove the current one
    form = NewPasswordForm()
    if form.validate_on_submit():
        try:
            set_password(user, form.password.data)
        except AccountError as error:
            form[error.field].errors.append(str(error))
        else:
            flash(_("New password set for %(name)s.", name=user.username), "success")
            return redirect(url_for("admin.users"))
    return render_template("admin/password.html", form=form, account=user)


@bp.get("/audit")
@permission_required(Permission.AUDIT_VIEW)
def audit():
    """The audit log, newest first, filtered by action, participant or user."""
    form = AuditFilterForm(request.args)
    filters = (
        {
            "action": (form.action.data or "").strip(),
            "participant_code": (form.participant.data or "").strip(),
            "username": (form.user.data or "").strip(),
        }
        if form.validate()
        else {}
    )
    events = recent_events(**filters, limit=AUDIT_PAGE_SIZE)
    return render_template("admin/audit.html", form=form, events=events)
