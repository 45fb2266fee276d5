"""Case-page panels: each feature plugs its part of the case page in here, and templates never query.

A feature registers, in its ``init_app``, a template and a ``prepare(case)`` function. The case view
calls every ``prepare`` (the queries happen there, inside the view) and hands the results to the
case template as ``panels``; the template includes the registered panels in place and each panel
template reads ``panels[<its name>]``. So ``cases/`` does not know which features show something on
a case, and no Jinja global runs a query while the page renders (tests/cases/test_panels.py).

Slots are the places on the page: ``work`` (below the clock actions), ``right`` (inside each right's
section: ``prepare`` returns a value per sub-request id) and ``collection`` (above the files)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import Flask, current_app

SLOTS = ("work", "right", "collection")
_KEY = "dsar_case_panels"


@dataclass(frozen=True)
class CasePanel:
    name: str  # the key in ``panels`` the template reads
    template: str
    prepare: Callable[[Any], Any]  # (case) -> prepared values
    slot: str
    order: int  # place within the slot, smallest first


def register(
    app: Flask, name: str, template: str, prepare: Callable[[Any], Any], slot: str = "work", order: int = 50
) -> None:
    if slot not in SLOTS:
        raise ValueError(f"unknown case-page slot {slot!r}")
    registry = app.extensions.setdefault(_KEY, {})
    registry[name] = CasePanel(name, template, prepare, slot, order)


def registered(app: Flask | None = None) -> list[CasePanel]:
    registry = (app or current_app).extensions.get(_KEY, {})
    return sorted(registry.values(), key=lambda panel: (panel.order, panel.name))


def prepare_all(case) -> dict[str, Any]:
    """Every panel's prepared values for this case, by name."""
    return {panel.name: panel.prepare(case) for panel in registered()}


def templates_by_slot() -> dict[str, list[str]]:
    panels = registered()
    return {slot: [panel.template for panel in panels if panel.slot == slot] for slot in SLOTS}
