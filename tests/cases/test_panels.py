"""Templates never query: the case view prepares every feature's panel (dsar/cases/panels.py) and no
Jinja global or filter the app registers touches the database while a page renders.

The check wraps every global and filter the app adds to Jinja with a counter of SQL statements, then
renders a busy case page (every panel shown, for the DPO who sees the most): a helper that queries
from the template shows up by name."""

from __future__ import annotations

import functools

import jinja2.defaults
import pytest
from sqlalchemy import event, select, text

from dsar.cases import panels
from dsar.cases.models import Case
from dsar.core.db import db
from tests.support.signin import sign_in

JINJA_OWN = (
    set(jinja2.defaults.DEFAULT_NAMESPACE)
    | set(jinja2.defaults.DEFAULT_FILTERS)
    | set(jinja2.defaults.DEFAULT_TESTS)
)


class QueryCounter:
    """Statements run inside each wrapped helper, by helper name."""

    def __init__(self):
        self.inside: list[str] = []
        self.by_helper: dict[str, int] = {}
        self.called: set[str] = set()

    def on_statement(self, *_args, **_kwargs):
        if self.inside:
            self.by_helper[self.inside[-1]] = self.by_helper.get(self.inside[-1], 0) + 1

    def wrap(self, name: str, helper):
        @functools.wraps(helper)
        def counted(*args, **kwargs):
            self.called.add(name)
            self.inside.append(name)
            try:
                return helper(*args, **kwargs)
            finally:
                self.inside.pop()

        return counted


def _app_helpers(app) -> dict[str, tuple[dict, object]]:
    """The callables the app (Flask, its extensions and dsar) added to Jinja, by name."""
    found = {}
    for kind, table in (("global", app.jinja_env.globals), ("filter", app.jinja_env.filters)):
        for name, value in table.items():
            if name in JINJA_OWN or isinstance(value, type) or not callable(value):
                continue
            if type(value).__name__ == "LocalProxy":  # request, session, g: objects, not helpers
                continue
            found[f"{kind}:{name}"] = (table, value)
    return found


@pytest.fixture
def counter(app, monkeypatch):
    counting = QueryCounter()
    for label, (table, helper) in _app_helpers(app).items():
        monkeypatch.setitem(table, label.split(":", 1)[1], counting.wrap(label, helper))
    event.listen(db.engine, "before_cursor_execute", counting.on_statement)
    yield counting
    event.remove(db.engine, "before_cursor_execute", counting.on_statement)


def _busy_case(forms) -> Case:
    forms.submit_request(rights=["access", "erasure", "portability"])
    case = db.session.scalars(select(Case)).one()
    case.state = "in_progress"
    db.session.commit()
    return case


def test_no_helper_queries_while_the_case_page_renders(app, client, forms, staff, counter):
    case = _busy_case(forms)
    staff("dpo")
    sign_in(forms, email="dpo@example.org")
    page = client.get(f"/staff/cases/{case.reference}")
    assert page.status_code == 200
    assert counter.called, "the page used helpers, so the check saw them"
    assert counter.by_helper == {}, "a template helper ran a query: prepare it in a case panel"


def test_the_counter_sees_a_helper_that_queries(app, counter):
    def sneaky():
        return db.session.execute(text("SELECT 1")).scalar()

    counter.wrap("global:sneaky", sneaky)()
    assert counter.by_helper == {"global:sneaky": 1}


def test_no_panel_builder_is_a_jinja_global(app):
    """The panels are registered with the case page, not handed to templates to call."""
    builders = {panel.prepare for panel in panels.registered(app)}
    assert builders, "the features registered their panels"
    assert [name for name, value in app.jinja_env.globals.items() if any(value is b for b in builders)] == []
    assert [name for name in app.jinja_env.globals if name.endswith("_panel")] == []


def test_every_feature_part_of_the_case_page_is_registered(app):
    names = [panel.name for panel in panels.registered(app) if panel.slot == "work"]
    assert names == ["assignment", "controllers", "identity", "casework", "retention", "letters", "mail"]
    assert {p.name for p in panels.registered(app)} >= {"casework_rights", "exports"}


def test_an_unknown_slot_is_refused(app):
    with pytest.raises(ValueError):
        panels.register(app, "x", "x.html", lambda case: None, slot="sidebar")
