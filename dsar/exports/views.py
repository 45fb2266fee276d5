"""Admin pages for data sources and the record of processing; collecting a case's data.

Admins configure; DPOs read the configuration; case workers start a collection; everyone signed in
may watch its progress on cases they can open. Role checks are on the server (security.md Z-01)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import select

from dsar.cases import files
from dsar.cases.service import case_or_404
from dsar.core import audit
from dsar.core.access import requires
from dsar.core.db import db
from dsar.exports import admin, changes, manual, service
from dsar.exports.forms import (
    ActivityForm,
    ChangeStatementForm,
    DatasetForm,
    ManualDatasetForm,
    SourceForm,
    TestForm,
)
from dsar.exports.models import ChangeRun, Collection, DataSource, ProcessingActivity, SourceQuery
from dsar.exports.panel import progress_state
from dsar.exports.sources import SourceError, preview

bp = Blueprint("exports", __name__)


def _sources_page(**extra):
    sources = db.session.scalars(select(DataSource).order_by(DataSource.name)).all()
    forms = {s.id: DatasetForm(prefix=f"q{s.id}") for s in sources}
    change_forms = {s.id: ChangeStatementForm(prefix=f"c{s.id}") for s in sources if s.kind == "sql"}
    return render_template(
        "exports/sources.html",
        sources=sources,
        source_form=extra.pop("source_form", None) or SourceForm(),
        dataset_forms={**forms, **extra.pop("dataset_forms", {})},
        change_forms={**change_forms, **extra.pop("change_forms", {})},
        change_statements=changes.all_statements(),
        test_form=TestForm(),
        **extra,
    )


@bp.route("/staff/sources")
@requires("sources.view")
def sources():
    return _sources_page()


@bp.route("/staff/sources", methods=["POST"])
@requires("sources.edit")
def add_source():
    form = SourceForm()
    if form.validate_on_submit() and _saved(
        lambda: admin.add_source(
            form.name.data, form.kind.data, form.location.data, current_user.id, form.timeout_seconds.data
        ),
        form.location,
    ):
        return redirect(url_for("exports.sources"))
    return _sources_page(source_form=form), 400


def _saved(change, field) -> bool:
    """Commit an admin change; a refusal rolls it back and shows under ``field``."""
    try:
        change()
        db.session.commit()
    except admin.ConfigRefused as refusal:
        db.session.rollback()
        field.errors = [str(refusal)]
        return False
    flash(_("Saved."), "info")
    return True


def _source(source_id: int) -> DataSource:
    return db.session.get(DataSource, source_id) or abort(404)


@bp.route("/staff/sources/<int:source_id>/datasets", methods=["POST"])
@requires("sources.edit")
def add_dataset(source_id: int):
    source = _source(source_id)
    form = DatasetForm(prefix=f"q{source.id}")
    if form.validate_on_submit():
        spec = admin.QuerySpec(
            **{name: getattr(form, name).data or "" for name in admin.QuerySpec.__annotations__}
        )
        spec.row_cap = form.row_cap.data
        if _saved(lambda: admin.add_query(source, spec, current_user.id), form.statement):
            return redirect(url_for("exports.sources"))
    return _sources_page(dataset_forms={source.id: form}), 400


@bp.route("/staff/sources/<int:source_id>/datasets/<int:query_id>/test", methods=["POST"])
@requires("sources.edit")
def test_dataset(source_id: int, query_id: int):
    """Shows what the dataset returns for one identifier: itself an access to personal data, so it
    is in the audit trail (without the identifier)."""
    source = _source(source_id)
    query = db.session.scalar(
        select(SourceQuery).where(SourceQuery.id == query_id, SourceQuery.source_id == source.id)
    )
    form = TestForm()
    if query is None:
        abort(404)
    if not form.validate_on_submit():
        return _sources_page(), 400
    try:
        result, problem = preview(source, query, form.value.data.strip()), None
    except SourceError as exc:
        result, problem = None, str(exc)
    audit.record("exports.dataset_tested", current_user.id, None, dataset=query.dataset, ok=problem is None)
    db.session.commit()
    return _sources_page(tested=query, result=result, problem=problem)


@bp.route("/staff/processing", methods=["GET", "POST"])
@requires("processing.manage")
def processing():
    form = ActivityForm()
    saving = request.method == "POST" and form.validate_on_submit()
    if saving and _saved(lambda: admin.save_activity(form.values(), current_user.id), form.datasets):
        return redirect(url_for("exports.processing"))
    activities = db.session.scalars(select(ProcessingActivity).order_by(ProcessingActivity.purpose)).all()
    datasets = db.session.scalars(select(SourceQuery.dataset).order_by(SourceQuery.dataset)).all()
    status = 400 if form.errors else 200
    return render_template(
        "exports/processing.html", activities=activities, form=form, datasets=datasets
    ), status


@bp.route("/staff/cases/<reference>/collect", methods=["POST"])
@requires("cases.work")
def collect(reference: str):
    case = case_or_404(reference)
    if not FlaskForm().validate_on_submit():
        abort(400)
    if case.closed_at or case.role != "controller":
        flash(_("Data are collected only for open cases in the controller role."), "error")
    elif case.answered_at is not None:
        # The answer listed what was sent (rules 6.2); a second bundle would never reach the requester.
        flash(_("The answer has been sent: data are no longer collected for this case."), "error")
    else:
        service.start_collection(case, current_user.id)
        db.session.commit()
    return redirect(url_for("cases.case_detail", reference=reference) + "#collection")


@bp.route("/staff/cases/<reference>/manual-datasets", methods=["POST"])
@requires("cases.work")
def add_manual_dataset(reference: str):
    """A CSV or JSON file staff add by hand; it goes into the next collection's bundle."""
    case = case_or_404(reference)
    form = ManualDatasetForm()
    if case.closed_at:
        flash(_("The case is closed."), "error")
    elif form.validate_on_submit() and form.upload.data:
        try:
            data = form.upload.data.read(files.MAX_BYTES + 1)
            manual.add_manual_dataset(
                case, form.dataset.data.strip(), form.origin.data, form.portable.data, data, current_user.id
            )
            db.session.commit()
            flash(_("Saved."), "info")
        except admin.ConfigRefused as refusal:
            db.session.rollback()
            flash(str(refusal), "error")
    else:
        flash(_("Choose a file and give the dataset a name."), "error")
    return redirect(url_for("cases.case_detail", reference=reference) + "#collection")


@bp.route("/staff/cases/<reference>/collections/<int:collection_id>/progress")
@requires("staff.read")
def collection_progress(reference: str, collection_id: int):
    case = case_or_404(reference)
    collection = db.first_or_404(
        select(Collection).where(Collection.id == collection_id, Collection.case_id == case.id)
    )
    return progress_state(collection), 200, {"Cache-Control": "no-store"}


@bp.route("/staff/sources/<int:source_id>/changes", methods=["POST"])
@requires("sources.edit")
def add_change_statement(source_id: int):
    source = _source(source_id)
    form = ChangeStatementForm(prefix=f"c{source.id}")
    if form.validate_on_submit() and _saved(
        lambda: changes.add_change_statement(
            source,
            form.name.data,
            form.right.data,
            form.identifier.data,
            form.statement.data,
            current_user.id,
        ),
        form.statement,
    ):
        return redirect(url_for("exports.sources"))
    return _sources_page(change_forms={source.id: form}), 400


@bp.route("/staff/cases/<reference>/changes/<int:statement_id>/dry-run", methods=["POST"])
@requires("cases.work")
def change_dry_run(reference: str, statement_id: int):
    case = case_or_404(reference)
    change = next((c for c in changes.statements_for(case) if c.id == statement_id), None)
    if change is None:
        abort(404)
    if not FlaskForm().validate_on_submit() or case.closed_at:
        abort(400)
    try:
        changes.dry_run(change, case, current_user.id, request.form.get("new_value"))
        db.session.commit()
    except (admin.ConfigRefused, SourceError) as refusal:
        db.session.rollback()
        flash(str(refusal), "error")
    return redirect(url_for("cases.case_detail", reference=reference) + "#changes")


@bp.route("/staff/cases/<reference>/change-runs/<int:run_id>/execute", methods=["POST"])
@requires("exports.approve")
def change_execute(reference: str, run_id: int):
    """Staff approval: the DPO or an admin approves the counted dry run, which then runs."""
    case = case_or_404(reference)
    run = db.first_or_404(select(ChangeRun).where(ChangeRun.id == run_id, ChangeRun.case_id == case.id))
    if not FlaskForm().validate_on_submit() or case.closed_at:
        abort(400)
    try:
        run = changes.approve_and_execute(run, case, current_user.id)
        db.session.commit()
        if run.status == "failed":
            flash(run.failure, "error")
    except admin.ConfigRefused as refusal:
        db.session.rollback()
        flash(str(refusal), "error")
    return redirect(url_for("cases.case_detail", reference=reference) + "#changes")
