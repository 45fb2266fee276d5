"""Staff recognise an objection as one to direct marketing (Art. 21(2)-(3)): from then on it is
absolute, like one the requester marked so (rules 2.6). Never commits."""

from __future__ import annotations

from dsar.cases.models import SubRequest
from dsar.cases.service import record_event
from workflows.rights import check_reclassification


def reclassify_as_direct_marketing(sub: SubRequest, actor_id: int, reason: str) -> None:
    check_reclassification(sub.right, sub.direct_marketing, sub.outcome is not None, reason)
    # A new dict, so that the JSON column is seen as changed.
    sub.details = {**(sub.details or {}), "objection_direct_marketing": True}
    record_event(sub.case, "reclassified_direct_marketing", actor_id, right=sub.right, reason=reason.strip())
