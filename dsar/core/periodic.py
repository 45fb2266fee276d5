"""The periodic tick: rq cron (production), the embedded ticker, or ``flask dsar sweep`` (cron)."""

from __future__ import annotations

import logging

from flask import current_app

from dsar.core.jobs import job, resolve

log = logging.getLogger(__name__)


@job
def tick() -> None:
    """Run every registered periodic task; each one is idempotent, so a missed or doubled tick is
    harmless. One failing task does not stop the others."""
    failures = []
    for func_path in current_app.extensions.get("dsar_periodic", []):
        try:
            resolve(func_path)()
        except Exception as exc:
            log.exception("periodic task %s failed", func_path)
            failures.append(f"{func_path}: {exc}")
    if failures:
        raise RuntimeError("; ".join(failures))
