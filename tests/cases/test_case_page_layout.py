"""The staff case page opens on a summary (state, deadline in force, next step, assignee) and lists
its sections to jump to; the staff menu is grouped."""

from __future__ import annotations

import re

from sqlalchemy import select

from dsar.cases.models import Case
from dsar.core.db import db
from tests.support.forms import FormClient
from tests.support.signin import sign_in


def case_page(forms, client, staff, lang="en") -> tuple[Case, str]:
    forms.submit_request(rights=["access"])
    case = db.session.scalars(select(Case)).one()
    case.state = "in_progress"
    db.session.commit()
    staff("handler")
    sign_in(forms)
    return case, client.get(f"/staff/cases/{case.reference}?lang={lang}").get_data(as_text=True)


def test_the_summary_comes_first_with_state_deadline_next_step_and_assignee(forms, client, staff):
    case, page = case_page(forms, client, staff)
    overview = page[page.index('<section class="case-overview') : page.index("</section>")]
    assert '<dd class="state">In progress</dd>' in overview
    assert case.due_date.strftime("%-d") in overview and "working days left" in overview
    assert '<dd class="next-step">Decide each right</dd>' in overview  # nothing decided yet
    assert '<dd class="overview-assignee">nobody</dd>' in overview
    assert page.index("case-overview") < page.index('id="details"') < page.index('id="timeline"')


def test_every_section_of_the_case_is_listed_to_jump_to_and_nothing_else(forms, client, staff):
    _case, page = case_page(forms, client, staff)
    nav = page[page.index('<nav class="case-sections"') : page.index("</nav>", page.index("case-sections"))]
    targets = re.findall(r'<a href="#([\w-]+)">', nav)
    body = page[page.index('<div class="case-file">') :]
    assert {"details", "deadlines", "assignment", "rights", "files", "timeline"} <= set(targets)
    for anchor in targets:  # each link lands on a heading of this page
        assert f'id="{anchor}"' in body, anchor


def test_the_next_step_is_worded_in_the_readers_language(forms, client, staff):
    _case, page = case_page(forms, client, staff, lang="nl")
    assert '<dd class="next-step">Over elk recht beslissen</dd>' in page


def test_the_staff_menu_groups_oversight_and_settings_for_the_roles_that_have_them(app, staff):
    staff("admin", email="admin@example.org")
    staff("handler")
    admin, handler = FormClient(app.test_client()), FormClient(app.test_client())
    sign_in(admin, email="admin@example.org")
    sign_in(handler)
    admin_page = admin.client.get("/staff/cases").get_data(as_text=True)
    assert admin_page.count('<details class="menu">') == 2  # Oversight, Settings
    assert "<summary>Settings</summary>" in admin_page and 'href="/staff/accounts"' in admin_page
    handler_page = handler.client.get("/staff/cases").get_data(as_text=True)
    assert '<details class="menu">' not in handler_page  # a handler has neither group
    assert 'href="/staff/accounts"' not in handler_page
