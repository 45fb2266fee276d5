"""The outbox delivers through a real SMTP server, retries on failure and never sends twice."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from dsar.core.db import db, utcnow
from dsar.core.mail import MailStatus, OutboxMessage, relay_outbox
from tests.support.forms import FormClient


def test_acknowledgement_arrives_by_smtp_in_text_and_html(make_app, smtp_sink):
    app = make_app(**smtp_sink.config())
    with app.app_context():
        FormClient(app.test_client()).submit_request(lang="fr")
        app.extensions["dsar_jobs"].drain()

        [mail] = smtp_sink.wait_for(1)
        message = db.session.scalars(select(OutboxMessage)).one()
        assert mail["To"] == "an.peeters@example.org"
        assert mail["Message-ID"] == message.message_id
        assert "Nous avons reçu votre demande" in mail["Subject"]
        assert mail.get_body(("plain",)).get_content().count("/status/") == 1
        assert "<a href=" in mail.get_body(("html",)).get_content()
        assert message.status == MailStatus.SENT and message.attempts == 1


def test_without_smtp_mail_stays_in_the_local_outbox_for_staff(forms, jobs):
    forms.submit_request()
    jobs.drain()
    message = db.session.scalars(select(OutboxMessage)).one()
    assert message.status == MailStatus.KEPT_LOCAL


def test_a_temporary_smtp_failure_is_retried_later_and_delivered_once(make_app, smtp_sink):
    app = make_app(**smtp_sink.config())
    smtp_sink.collector.fail_next = 1
    with app.app_context():
        FormClient(app.test_client()).submit_request()
        runner = app.extensions["dsar_jobs"]
        runner.drain()
        message = db.session.scalars(select(OutboxMessage)).one()
        assert message.status == MailStatus.PENDING and "451" in message.last_error
        assert relay_outbox() == 0  # not due yet: backoff

        message.next_attempt_at = utcnow() - timedelta(seconds=1)
        db.session.commit()
        assert relay_outbox() == 1
        runner.drain()
        runner.drain()
        assert relay_outbox() == 0

        assert len(smtp_sink.wait_for(1)) == 1
        db.session.refresh(message)
        assert message.status == MailStatus.SENT and message.attempts == 2


def test_smtp_down_keeps_the_mail_pending_and_visible(make_app):
    app = make_app(SMTP_HOST="127.0.0.1", SMTP_PORT=9, SMTP_TIMEOUT=1)  # nothing listens on port 9
    with app.app_context():
        FormClient(app.test_client()).submit_request()
        app.extensions["dsar_jobs"].drain()
        message = db.session.scalars(select(OutboxMessage)).one()
        assert message.status == MailStatus.PENDING
        assert message.last_error


def test_a_delivery_job_run_twice_sends_once(make_app, smtp_sink):
    from dsar.core.mail import deliver_mail

    app = make_app(**smtp_sink.config())
    with app.app_context():
        FormClient(app.test_client()).submit_request()
        message_id = db.session.scalars(select(OutboxMessage.id)).one()
        deliver_mail(message_id)
        deliver_mail(message_id)
        assert len(smtp_sink.wait_for(1, timeout=1)) == 1


def test_a_backlog_relayed_on_every_tick_is_handed_over_once_per_tick_and_sent_once(make_app, smtp_sink):
    """After a burst the deliveries are still queued when the relay runs: each tick hands the
    backlog to one job, not one job per mail again, and every mail still goes out exactly once."""
    app = make_app(DISPATCH_STALE_SECONDS=0, **smtp_sink.config())
    with app.app_context():
        public = FormClient(app.test_client())
        for number in range(6):
            public.submit_request(email=f"person{number}@example.org")
        runner = app.extensions["dsar_jobs"]
        for _tick in range(3):
            assert relay_outbox() == 6  # nothing delivered yet: the whole backlog, in one job
        assert len(runner.queued) == 6 + 3
        runner.drain()
        assert sorted(mail["To"] for mail in smtp_sink.wait_for(6)) == [
            f"person{number}@example.org" for number in range(6)
        ]
        db.session.expire_all()
        assert set(db.session.scalars(select(OutboxMessage.status))) == {MailStatus.SENT}
        assert relay_outbox() == 0 and len(smtp_sink.messages) == 6
