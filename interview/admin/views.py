"""Admin views: manage accounts, read the audit log."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from interview.admin.forms import AuditFilterForm, NewUserForm, ToggleUserForm
from interview.audit import record_event
from interview.auth.decorators import admin_required
from interview.auth.users import AccountError, create_user
from interview.extensions import db
from interview.models import AuditEvent, User

bp = Blueprint("admin", __name__, url_prefix="/admin")

AUDIT_PAGE_SIZE = 200


@bp.before_request
@admin_required
def only_admins():
    """Every admin page is for admins only."""


@bp.route("/users", methods=["GET", "POST"])
def users():
    """List accounts and create new ones."""
    form = NewUserForm()
    if form.validate_on_submit():
        try:
            user = create_user(
                form.username.data.strip(), form.password.data, admin=form.admin.data
            )
        except AccountError as error:
            form[error.field].errors.append(str(error))
        else:
            record_event("create_user", detail=user.username)
            db.session.commit()
            flash(_("Account %(name)s created.", name=user.username), "success")
            return redirect(url_for("admin.users"))
    accounts = db.session.execute(db.select(User).order_by(User.username)).scalars()
    return render_template(
        "admin/users.html", form=form, accounts=accounts, toggle_form=ToggleUserForm()
    )


@bp.post("/users/<id:user_id>/toggle")
def toggle_user(user_id: int):
    """Disable or re-enable an account; admins cannot lock themselves out."""
    user = db.get_or_404(User, user_id)
    if ToggleUserForm().validate_on_submit() and user.id != current_user.id:
        user.active = not user.active
        record_event("enable_user" if user.active else "disable_user", detail=user.username)
        db.session.commit()
        flash(_("Account %(name)s updated.", name=user.username), "success")
    else:
        flash(_("You cannot disable your own account."), "error")
    return redirect(url_for("admin.users"))


@bp.get("/audit")
def audit():
    """The audit log, newest first, filtered by action, participant or user."""
    form = AuditFilterForm(request.args)
    statement = db.select(AuditEvent).order_by(AuditEvent.id.desc()).limit(AUDIT_PAGE_SIZE)
    if form.validate():
        if form.action.data:
            statement = statement.where(AuditEvent.action == form.action.data.strip())
        if form.participant.data:
            statement = statement.where(
                AuditEvent.participant_code == form.participant.data.strip().upper()
            )
        if form.user.data:
            statement = statement.where(AuditEvent.username == form.user.data.strip())
    events = db.session.execute(statement).scalars()
    return render_template("admin/audit.html", form=form, events=events)
