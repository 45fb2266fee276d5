"""Forms for data sources, their datasets and the record of processing."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import BooleanField, IntegerField, PasswordField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from dsar.core.forms import Form
from dsar.exports.record import LEGAL_BASIS_LABELS, ORIGIN_LABELS

KIND_LABELS = {
    "sql": _l("SQL database (SQLAlchemy URL)"),
    "csv": _l("CSV file on the server"),
    "json": _l("JSON file on the server (a list of objects)"),
}
IDENTIFIER_LABELS = {
    "email": _l("E-mail address"),
    "customer_number": _l("Customer number"),
    "phone": _l("Phone number"),
}


class SourceForm(Form):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=100)])
    kind = SelectField(_l("Kind"), choices=[SelectChoice(k, v) for k, v in KIND_LABELS.items()])
    # A password field: the URL may contain one, and it is never sent back to the browser.
    location = PasswordField(_l("URL or file path"), validators=[DataRequired(), Length(max=1000)])
    timeout_seconds = IntegerField(_l("Time limit (seconds)"), default=30, validators=[NumberRange(1, 600)])


class DatasetForm(Form):
    dataset = StringField(_l("Dataset name"), validators=[DataRequired(), Length(max=64)])
    identifier = SelectField(
        _l("Looked up by"), choices=[SelectChoice(k, v) for k, v in IDENTIFIER_LABELS.items()]
    )
    statement = TextAreaField(
        _l("SELECT statement with :email, :customer_number or :phone (files: the column name)"),
        validators=[DataRequired(), Length(max=10000)],
    )
    origin = SelectField(
        _l("Origin of the data"), choices=[SelectChoice(k, v) for k, v in ORIGIN_LABELS.items()]
    )
    row_cap = IntegerField(
        _l("At most this many rows"), default=100000, validators=[NumberRange(1, 5_000_000)]
    )
    description = TextAreaField(_l("What this dataset is (for the requester)"), validators=[Length(max=2000)])
    field_notes = TextAreaField(_l("Fields, one per line as name: meaning"), validators=[Length(max=5000)])


class TestForm(Form):
    value = StringField(_l("Identifier to test with"), validators=[DataRequired(), Length(max=254)])


class ActivityForm(Form):
    purpose = StringField(_l("Purpose"), validators=[DataRequired(), Length(max=200)])
    data_categories = TextAreaField(
        _l("Categories of personal data"), validators=[DataRequired(), Length(max=2000)]
    )
    legal_basis = SelectField(
        _l("Legal basis"), choices=[SelectChoice(k, v) for k, v in LEGAL_BASIS_LABELS.items()]
    )
    recipients = TextAreaField(_l("Recipients, by name"), validators=[Length(max=2000)])
    retention = TextAreaField(
        _l("Retention period or criteria"), validators=[DataRequired(), Length(max=2000)]
    )
    data_source = TextAreaField(_l("Source, if not the data subject"), validators=[Length(max=2000)])
    transfers = TextAreaField(
        _l("Transfers to third countries and safeguards"), validators=[Length(max=2000)]
    )
    automated_decisions = TextAreaField(
        _l("Automated decision-making and its logic"), validators=[Length(max=2000)]
    )
    automated_means = BooleanField(_l("Processed by automated means"), default=True)
    datasets = StringField(_l("Datasets (comma-separated)"), validators=[Optional(), Length(max=2000)])

    def values(self) -> dict:
        data = {name: getattr(self, name).data or "" for name in ActivityForm.FIELDS}
        data["automated_means"] = bool(self.automated_means.data)
        data["datasets"] = [n.strip() for n in (self.datasets.data or "").split(",") if n.strip()]
        return data

    FIELDS = (
        "purpose",
        "data_categories",
        "legal_basis",
        "recipients",
        "retention",
        "data_source",
        "transfers",
        "automated_decisions",
    )


class ManualDatasetForm(Form):
    dataset = StringField(_l("Dataset name"), validators=[DataRequired(), Length(max=64)])
    origin = SelectField(
        _l("Origin of the data"), choices=[SelectChoice(k, v) for k, v in ORIGIN_LABELS.items()]
    )
    portable = BooleanField(_l("Processed on consent or a contract, by automated means (data portability)"))
    upload = FileField(_l("CSV or JSON file (UTF-8)"))


class ChangeStatementForm(Form):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=100)])
    right = SelectField(
        _l("Right"),
        choices=[SelectChoice("erasure", _l("Erasure")), SelectChoice("rectification", _l("Rectification"))],
    )
    identifier = SelectField(
        _l("Looked up by"), choices=[SelectChoice(k, v) for k, v in IDENTIFIER_LABELS.items()]
    )
    statement = TextAreaField(
        _l("One DELETE (erasure) or UPDATE with :new_value (rectification), with a WHERE clause"),
        validators=[DataRequired(), Length(max=10000)],
    )
