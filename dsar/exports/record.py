"""The record of processing (Art. 30) as the portal uses it: which datasets an answer covers, and the
Art. 15(1)(a)-(h) and 15(2) information that goes with them.

Portability (Art. 20(1), rules 7.1) covers a dataset only when it holds data the person provided or
that were observed (never inferred) and at least one processing activity using it rests on consent or
a contract and is carried out by automated means."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from dsar.core.db import db
from dsar.exports.models import ProcessingActivity, SourceQuery

PORTABLE_BASES = ("consent", "contract")

LEGAL_BASIS_LABELS = {
    "consent": _l("consent (Art. 6(1)(a))"),
    "contract": _l("contract (Art. 6(1)(b))"),
    "legal_obligation": _l("legal obligation (Art. 6(1)(c))"),
    "vital_interests": _l("vital interests (Art. 6(1)(d))"),
    "public_task": _l("public task (Art. 6(1)(e))"),
    "legitimate_interests": _l("legitimate interests (Art. 6(1)(f))"),
}
ORIGIN_LABELS = {
    "provided": _l("provided by you"),
    "observed": _l("observed from your use of our services"),
    "inferred": _l("inferred or derived by us"),
}


@dataclass
class ScopeDecision:
    dataset: str
    included: bool
    reason: str  # a code; the README and the case page show its label


def activities() -> list[ProcessingActivity]:
    return list(db.session.scalars(select(ProcessingActivity).order_by(ProcessingActivity.purpose)))


def activities_for(dataset: str, all_activities: list[ProcessingActivity]) -> list[ProcessingActivity]:
    return [activity for activity in all_activities if dataset in (activity.datasets or [])]


def decide_scope(query: SourceQuery, scope: str, all_activities: list[ProcessingActivity]) -> ScopeDecision:
    """Access (Art. 15) covers every dataset; portability only what rules 7.1 allows."""
    if scope == "access":
        return ScopeDecision(query.dataset, True, "access")
    if query.origin == "inferred":
        return ScopeDecision(query.dataset, False, "inferred")
    used_by = activities_for(query.dataset, all_activities)
    if not used_by:
        return ScopeDecision(query.dataset, False, "not_in_record")
    if not any(a.legal_basis in PORTABLE_BASES for a in used_by):
        return ScopeDecision(query.dataset, False, "legal_basis")
    if not any(a.legal_basis in PORTABLE_BASES and a.automated_means for a in used_by):
        return ScopeDecision(query.dataset, False, "not_automated")
    return ScopeDecision(query.dataset, True, "portable")


EXCLUSION_REASONS = {
    "inferred": _l("inferred or derived data are not covered by the right to data portability (Art. 20(1))"),
    "not_in_record": _l("not linked to a processing activity based on consent or a contract"),
    "legal_basis": _l("processed on a legal basis other than consent or a contract (Art. 20(1)(a))"),
    "not_automated": _l("not processed by automated means (Art. 20(1)(b))"),
    "manual_not_portable": _l(
        "added by hand without confirming consent or contract processing by automated means"
    ),
    "row_cap": _l("the dataset reached its row limit; further rows were not included"),
    "duplicate": _l("a dataset with the same name was already included"),
    "no_identifier": _l("we hold no identifier of yours that this source is searched by"),
    "source_failed": _l("the system could not be read; it will be searched again"),
    "incomplete": _l("the system stopped answering part-way; the rows shown are incomplete"),
}


def statement(datasets: list[str]) -> list[dict]:
    """The Art. 15(1)(a)-(h) and 15(2) information for the processing activities behind the datasets
    found (a letter or the README renders it)."""
    found = set(datasets)
    return [
        {
            "purpose": a.purpose,
            "categories": a.data_categories,
            "legal_basis": a.legal_basis,
            "recipients": a.recipients,
            "retention": a.retention,
            "source": a.data_source,
            "transfers": a.transfers,
            "automated_decisions": a.automated_decisions,
            "datasets": sorted(found & set(a.datasets or [])),
        }
        for a in activities()
        if found & set(a.datasets or [])
    ]
