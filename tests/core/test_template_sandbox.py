"""An admin-written mail text cannot reach the database, the configuration, the request or Python
internals (issue 13 item 1): every known escape route is tried through the real mail-text editor,
then fired by an anonymous submission, and the mail that goes out is read for anything it leaked."""

from __future__ import annotations

import re
from html import unescape

from sqlalchemy import func, select

from dsar.accounts.models import StaffUser
from dsar.core import audit
from dsar.core.audit import AuditEntry
from dsar.core.db import db
from dsar.core.mail import OutboxMessage
from dsar.core.mail_overrides import MailOverride
from tests.accounts.test_sign_in import sign_in
from tests.conftest import TEST_SECRET

EDITOR = "/staff/mail-templates/acknowledgement/en"

# Each one, if it worked, prints or does something no mail may contain or do.
ESCAPES = [
    "{{ case.__class__ }}",
    "{{ case.__class__.__mro__[1].__subclasses__() }}",
    "{{ case.query }}",
    "{{ case.query.session.connection().exec_driver_sql('SELECT password_hash FROM staff_user').all() }}",
    "{{ case.query.session.execute('UPDATE staff_user SET role = \\'admin\\'') }}",
    "{{ case._sa_instance_state }}",
    "{{ case._sa_instance_state.session }}",
    "{{ case.sub_requests[0].case.query }}",
    "{{ case.registry }}{{ case.metadata }}{{ case.__table__ }}",
    "{{ session }}{{ session.keys() }}",
    "{{ config }}{{ config.SECRET_KEY }}{{ config.items() }}",
    "{{ request }}{{ request.environ }}{{ request.application.__globals__ }}",
    "{{ g }}{{ url_for }}{{ get_flashed_messages }}{{ current_user }}",
    "{{ cycler }}{{ cycler.__init__.__globals__ }}",
    "{{ joiner }}{{ joiner.__init__.__globals__ }}",
    "{{ namespace }}{{ namespace.__init__.__globals__ }}",
    "{{ lipsum }}{{ lipsum.__globals__ }}",
    "{{ range }}{{ range(5)|list }}",
    "{% for i in range(10**8) %}{% endfor %}",
    "{{ dict }}{{ dict(a=1) }}",
    "{% for s in case.sub_requests %}{{ loop.__class__ }}{{ loop._iterator }}{{ loop.__dict__ }}{% endfor %}",
    "{% for s in case.sub_requests %}{{ loop.cycle.__globals__ }}{% endfor %}",
    "{{ self }}{{ self._TemplateReference__context }}",
    "{{ self.__init__.__globals__ }}",
    "{{ '{0.__class__.__mro__}'.format(case) }}",
    "{{ '{0.query}'.format(case) }}",
    "{{ '{x.__class__}'.format_map({'x': case}) }}",
    "{{ '%s'|format(case.__class__) }}",
    "{{ '%r'|format(case) }}",
    "{{ case|attr('__class__') }}",
    "{{ case|attr('query') }}",
    "{{ case.sub_requests.append(1) }}{{ case.update({'x': 1}) }}",
    "{{ reason_label.__globals__ }}{{ reason_label.__code__ }}",
    "{{ 'x' * 100000000 }}",
    "{{ 9 ** 99999999 }}",
]

# What a working escape leaves in the mail: object and class names, secrets, staff data.
LEAKS = [
    "<class",
    "object at 0x",
    "function",
    "method",
    "built-in",
    "globals",
    "sqlalchemy",
    "flask",
    "werkzeug",
    "session object",
    "<request",
    "<config",
    "Cycler",
    "Joiner",
    "Namespace",
    "range(",
    "Query",
    "scrypt",
    "pbkdf2",
    "argon2",
    "admin@example.org",
    TEST_SECRET,
]


def _template_text(payload: str) -> dict:
    return {
        "subject": "Received {{ case.reference }}",
        "body_text": f"Dear {{{{ case.requester_name }}}}, [[{payload}]]",
        "body_html": f"<p>[[{payload}]]</p>",
        "action": "save",
    }


def _fire(forms, payload: str, number: int) -> str:
    """Save the payload through the editor, then submit anonymously; returns what leaked."""
    page = forms.post(EDITOR, _template_text(payload)).get_data(as_text=True)
    saved = db.session.scalar(select(MailOverride).where(MailOverride.name == "acknowledgement"))
    if saved is None:
        assert "cannot be rendered and was not saved" in page, payload
    address = f"person{number}@example.org"
    forms.submit_request(lang="en", email=address)
    db.session.expire_all()
    message = db.session.scalar(select(OutboxMessage).where(OutboxMessage.to_address == address))
    assert message is not None, f"the acknowledgement was lost with {payload}"
    mail = unescape(message.subject + message.body_text + message.body_html)
    if len(mail) > 50_000:
        return "a giant mail"
    rendered = " ".join(re.findall(r"\[\[(.*?)\]\]", mail, re.S)).lower()  # the payload's output
    return ", ".join(leak for leak in LEAKS if leak.lower() in rendered)


def test_no_escape_route_gets_through_the_editor_and_a_submission(forms, staff):
    staff("admin")
    roles_before = {user.email: user.role for user in db.session.scalars(select(StaffUser))}
    staff("auditor")
    sign_in(forms, email="admin@example.org")
    leaked = {}
    for number, payload in enumerate(ESCAPES):
        found = _fire(forms, payload, number)
        if found:
            leaked[payload] = found
        db.session.execute(MailOverride.__table__.delete())
        db.session.commit()
    assert leaked == {}
    db.session.expire_all()
    roles_after = {user.email: user.role for user in db.session.scalars(select(StaffUser))}
    assert roles_after == {**roles_before, "auditor@example.org": "auditor"}
    assert audit.verify().ok


def test_a_text_with_plain_values_still_renders_everything_a_mail_needs(forms, staff):
    staff("admin")
    sign_in(forms, email="admin@example.org")
    text = {
        "subject": "{{ case.reference }}",
        "body_text": (
            "{{ case.requester_name }} <{{ case.requester_email }}> {{ case.one_month_due|long_date }}"
            " {% for sub in case.sub_requests %}{{ right_label(sub.right) }};{% endfor %} {{ status_link }}"
        ),
        "body_html": "<p>{{ case.requester_name }}</p>",
        "action": "save",
    }
    forms.post(EDITOR, text)
    forms.submit_request(lang="en", name="Els Maes", email="els@example.org")
    db.session.expire_all()
    message = db.session.scalar(select(OutboxMessage).where(OutboxMessage.to_address == "els@example.org"))
    assert message.body_text.startswith("Els Maes <els@example.org> ")
    assert "http://portal.test/status/" in message.body_text
    assert re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}", message.subject)


def test_every_save_and_reset_of_a_mail_text_is_on_the_trail(forms, staff):
    admin = staff("admin")
    sign_in(forms, email="admin@example.org")
    forms.post(EDITOR, _template_text("{{ case.reference }}"))
    forms.post(EDITOR, {**_template_text("{{ case.requester_name }}")})
    forms.post(f"{EDITOR}/reset", {}, form_path=EDITOR)
    db.session.expire_all()
    entries = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action.like("mail_template.%")).order_by(AuditEntry.id)
    ).all()
    assert [(e.action, e.actor_id, e.detail["template"], e.detail["language"]) for e in entries] == [
        ("mail_template.saved", admin.id, "acknowledgement", "en"),
        ("mail_template.saved", admin.id, "acknowledgement", "en"),
        ("mail_template.reset", admin.id, "acknowledgement", "en"),
    ]
    assert entries[0].detail["sha256"] != entries[1].detail["sha256"]
    assert db.session.scalar(select(func.count()).select_from(MailOverride)) == 0


def test_a_text_that_fails_at_send_time_sends_the_built_in_text_and_is_flagged(forms, client, staff):
    staff("admin")
    sign_in(forms, email="admin@example.org")
    # Renders with the sample case (reference K7QM-3XHD), divides by zero for every real case.
    trap = _template_text("{{ 10 // (case.reference == 'K7QM-3XHD') }}")
    forms.post(EDITOR, trap)
    forms.submit_request(lang="en", email="late@example.org")
    db.session.expire_all()
    message = db.session.scalar(select(OutboxMessage).where(OutboxMessage.to_address == "late@example.org"))
    assert message.subject.startswith("We received your privacy request")
    overview = client.get("/staff/mail-templates/").get_data(as_text=True)
    assert "the built-in text was sent instead" in overview and "ZeroDivisionError (line 1)" in overview
    forms.post(EDITOR, _template_text("{{ case.reference }}"))
    overview = client.get("/staff/mail-templates/").get_data(as_text=True)
    assert "the built-in text was sent instead" not in overview
