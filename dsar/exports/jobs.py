"""Entry points the job runner calls: ids in, one operation, exceptions propagate (so rq retries)."""

from __future__ import annotations

from dsar.core.jobs import job
from dsar.exports import service


@job
def collect_case(collection_id: int) -> None:
    service.run_collection(collection_id)
