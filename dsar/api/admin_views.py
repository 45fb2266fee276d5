"""Staff pages of the API: admins create, rotate and revoke clients and their webhook
subscriptions; the delivery log shows every webhook and sends one again. A secret is shown once,
on the page that made it, and only its hash (or, for signing, the subscription) is kept."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm

from dsar.api import clients, webhooks
from dsar.api.forms import ClientForm, SubscriptionForm
from dsar.core import audit
from dsar.core.access import requires
from dsar.core.db import db
from dsar.core.recent_login import recent_login_required

bp = Blueprint("api_admin", __name__, url_prefix="/staff/api")


def _client(client_id: int):
    return clients.get_client(client_id) or abort(404)


def _page(form=None, subscription_form=None, shown_secret=None, status=200):
    return render_template(
        "api/clients.html",
        clients=clients.all_clients(),
        form=form or ClientForm(),
        subscription_form=subscription_form or SubscriptionForm(),
        confirm_form=FlaskForm(),
        shown_secret=shown_secret,
    ), status


@bp.get("/clients")
@requires("api.admin")
def client_list():
    return _page()


@bp.post("/clients")
@requires("api.admin")
@recent_login_required
def create_client():
    form = ClientForm()
    if not form.validate_on_submit():
        return _page(form=form, status=400)
    try:
        client, token = clients.create_client(form.name.data, form.scope_list(), current_user.id)
    except clients.ClientError:
        form.name.errors = [_("A client with this name already exists.")]
        return _page(form=form, status=400)
    db.session.commit()
    return _page(shown_secret=(client.name, token))


@bp.post("/clients/<int:client_id>/rotate")
@requires("api.admin")
@recent_login_required
def rotate(client_id: int):
    client = _client(client_id)
    if not FlaskForm().validate_on_submit():
        abort(400)
    try:
        token = clients.rotate_secret(client, current_user.id)
    except clients.ClientError:
        flash(_("A revoked client cannot get a new secret."), "error")
        return redirect(url_for("api_admin.client_list"))
    db.session.commit()
    return _page(shown_secret=(client.name, token))


@bp.post("/clients/<int:client_id>/revoke")
@requires("api.admin")
@recent_login_required
def revoke(client_id: int):
    client = _client(client_id)
    if not FlaskForm().validate_on_submit():
        abort(400)
    clients.revoke_client(client, current_user.id)
    db.session.commit()
    flash(_("The client was revoked; its token no longer works."), "info")
    return redirect(url_for("api_admin.client_list"))


@bp.post("/clients/<int:client_id>/subscriptions")
@requires("api.admin")
@recent_login_required
def subscribe(client_id: int):
    client = _client(client_id)
    form = SubscriptionForm()
    if not client.active or not form.validate_on_submit():
        return _page(subscription_form=form, status=400)
    subscription, secret = webhooks.add_subscription(
        client, form.url.data.strip(), form.event_types.data, current_user.id
    )
    db.session.commit()
    return _page(shown_secret=(f"{client.name}: {subscription.url}", secret))


@bp.post("/subscriptions/<int:subscription_id>/stop")
@requires("api.admin")
def stop_subscription(subscription_id: int):
    if not FlaskForm().validate_on_submit():
        abort(400)
    if not webhooks.stop_subscription(subscription_id, current_user.id):
        abort(404)
    db.session.commit()
    flash(_("The subscription was stopped."), "info")
    return redirect(url_for("api_admin.client_list"))


@bp.get("/deliveries")
@requires("webhooks.read")
def deliveries():
    return render_template("api/deliveries.html", deliveries=webhooks.recent_deliveries(), form=FlaskForm())


@bp.post("/deliveries/<int:delivery_id>/resend")
@requires("api.admin")
def resend(delivery_id: int):
    if not FlaskForm().validate_on_submit():
        abort(400)
    if webhooks.resend(delivery_id) is None:
        abort(404)
    audit.record("api.webhook_resent", current_user.id, delivery=delivery_id)
    db.session.commit()
    flash(_("The webhook is queued again, with the same webhook-id."), "info")
    return redirect(url_for("api_admin.deliveries"))
